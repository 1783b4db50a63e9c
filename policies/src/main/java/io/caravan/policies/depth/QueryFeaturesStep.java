package io.caravan.policies.depth;

import io.caravan.core.RagState;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Step;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step {@value #NAME}: encodes the query and stores its {@link QueryFeatures} in the state for the
 * adaptive-depth policy, which must not do I/O itself: this step, not the policy, calls the encoder
 * (through the {@link Encoder} SPI; the instance wires its model in). With the instance's caching query encoder the
 * retrieval that follows reuses the vector, so classifying costs no second encoding.
 */
public final class QueryFeaturesStep implements Step {

  public static final String NAME = "query-features";

  private final Encoder encoder;

  public QueryFeaturesStep(Encoder encoder) {
    this.encoder = encoder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    QueryFeatures f = QueryFeatures.of(state.query().text(), encoder.encodeQuery(state.query().text()));
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("encoder", encoder.info().modelId());
    in.put("features", f.size());
    return Result.of(state.withAttribute(QueryFeatures.ATTRIBUTE, f), in);
  }
}
