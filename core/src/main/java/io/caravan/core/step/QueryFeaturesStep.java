package io.caravan.core.step;

import io.caravan.core.QueryEmbedding;
import io.caravan.core.RagState;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Step;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step {@value #NAME}: encodes the query and stores its {@link QueryEmbedding} in the state for the
 * adaptive-depth policy, which must not do I/O itself: this step, not the policy, calls the encoder
 * (through the {@link Encoder} SPI; the instance wires its model in, on Triton when configured);
 * the policy adds the lexical features, which need only the text. With the instance's caching
 * query encoder the retrieval that follows reuses the vector, so classifying costs no second encoding.
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
    String text = state.query().text();
    QueryEmbedding e = new QueryEmbedding(text, encoder.encodeQuery(text));
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("encoder", encoder.info().modelId());
    in.put("dimension", e.dimension());
    return Result.of(state.with(QueryEmbedding.KEY, e), in);
  }
}
