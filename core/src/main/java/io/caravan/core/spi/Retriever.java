package io.caravan.core.spi;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import java.util.List;

/** First stage: finds up to {@code query.k()} candidates for a query, best first, honouring its filters. */
public interface Retriever {

  /** Stable name, used as the stage name in candidate scores and the trace. */
  String name();

  List<Candidate> retrieve(Query query);
}
