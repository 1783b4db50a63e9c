package io.caravan.core.spi;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import java.util.List;

/**
 * First stage: finds up to {@code query.k()} candidates for a query, best first, honouring its
 * filters and its {@link io.caravan.core.Access}: only the query's tenant's documents, and of those
 * with an access list only the ones its groups may see. A retriever over a source that knows no
 * tenants must refuse a query of another tenant than the default one.
 */
public interface Retriever {

  /** Stable name, used as the stage name in candidate scores and the trace. */
  String name();

  List<Candidate> retrieve(Query query);
}
