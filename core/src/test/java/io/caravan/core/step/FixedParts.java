package io.caravan.core.step;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.QueryTransformer;
import java.util.List;

/** TEST IMPLEMENTATION of the QueryTransformer SPI: a splitter that answers the same parts, whatever the query. */
record FixedParts(String name, List<String> parts) implements QueryTransformer {

  static FixedParts named(String name, String... parts) {
    return new FixedParts(name, List.of(parts));
  }

  @Override
  public List<Query> transform(Query query, RagState state) {
    return parts.stream().map(query::withText).toList();
  }
}
