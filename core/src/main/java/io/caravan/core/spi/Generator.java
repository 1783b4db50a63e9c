package io.caravan.core.spi;

import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import java.util.List;

/** Writes an answer to a query from the given context passages, citing them. */
public interface Generator {

  String name();

  Answer generate(Query query, List<Candidate> context);
}
