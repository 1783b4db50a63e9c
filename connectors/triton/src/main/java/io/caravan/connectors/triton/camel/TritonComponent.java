package io.caravan.connectors.triton.camel;

import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Reranker;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code triton:} Camel component: {@code triton:encode} and {@code triton:rerank} endpoints
 * backed by a Triton encoder and reranker, so routes (and the BPMN steps that call routes) use
 * Triton-hosted models like any other endpoint. The component is given the encoder and reranker it
 * exposes (its {@link TritonConfiguration}); batching, deadlines, retries, breaker and metrics are
 * theirs ({@link io.caravan.connectors.triton.TritonEncoder}, a learned-fusion reranker over {@link
 * io.caravan.connectors.triton.TritonFusionScorer}), and so is the fallback when they are wrapped in
 * one, so every path to the model is guarded alike. An endpoint whose model is missing fails when it
 * is created, not at its first message.
 */
@Component(TritonComponent.SCHEME)
public final class TritonComponent extends DefaultComponent {

  public static final String SCHEME = "triton";

  @Metadata(description = "The encoder and reranker every endpoint starts from")
  private TritonConfiguration configuration;

  /** A component with no models yet: set them on {@link #getConfiguration()} before creating endpoints. */
  public TritonComponent() {
    this(new TritonConfiguration());
  }

  public TritonComponent(TritonConfiguration configuration) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
  }

  /** @param reranker may be {@code null} when no reranker is served; {@code triton:rerank} then fails to create */
  public TritonComponent(Encoder encoder, Reranker reranker) {
    this(new TritonConfiguration());
    configuration.setEncoder(Objects.requireNonNull(encoder, "encoder"));
    configuration.setReranker(reranker);
  }

  public TritonConfiguration getConfiguration() {
    return configuration;
  }

  public void setConfiguration(TritonConfiguration configuration) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
  }

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
    TritonEndpoint.Operation op = TritonEndpoint.Operation.parse(remaining);
    TritonConfiguration c = configuration.copy();
    TritonEndpoint e = new TritonEndpoint(uri, this, op, c);
    setProperties(e, parameters);
    if (op == TritonEndpoint.Operation.RERANK && c.getReranker() == null) {
      throw new IllegalArgumentException("endpoint " + uri + ": no Triton reranker is configured");
    }
    if (op == TritonEndpoint.Operation.ENCODE && c.getEncoder() == null) {
      throw new IllegalArgumentException("endpoint " + uri + ": no Triton encoder is configured");
    }
    return e;
  }
}
