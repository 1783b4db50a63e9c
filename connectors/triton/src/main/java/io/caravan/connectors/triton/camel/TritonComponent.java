package io.caravan.connectors.triton.camel;

import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Reranker;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code triton:} Camel component: {@code triton:encode} and {@code triton:rerank} endpoints
 * backed by a Triton encoder and reranker, so routes (and the BPMN steps that call routes) use
 * Triton-hosted models like any other endpoint. The component is given the encoder and reranker it
 * exposes (constructor injection); batching, deadlines, retries, breaker and metrics are theirs
 * ({@link io.caravan.connectors.triton.TritonEncoder}, a learned-fusion reranker over {@link
 * io.caravan.connectors.triton.TritonFusionScorer}), and so is the fallback when they are wrapped in
 * one, so every path to the model is guarded alike.
 */
public final class TritonComponent extends DefaultComponent {

  public static final String SCHEME = "triton";

  private final Encoder encoder;
  private final Reranker reranker;

  /** @param reranker may be {@code null} when no reranker is served; {@code triton:rerank} then fails to create */
  public TritonComponent(Encoder encoder, Reranker reranker) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.reranker = reranker;
  }

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
    TritonEndpoint.Operation op = TritonEndpoint.Operation.parse(remaining);
    if (op == TritonEndpoint.Operation.RERANK && reranker == null) {
      throw new IllegalArgumentException("endpoint " + uri + ": no Triton reranker is configured");
    }
    TritonEndpoint e = new TritonEndpoint(uri, this, op, encoder, reranker);
    setProperties(e, parameters);
    return e;
  }
}
