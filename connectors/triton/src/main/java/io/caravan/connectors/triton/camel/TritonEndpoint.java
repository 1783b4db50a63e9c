package io.caravan.connectors.triton.camel;

import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Reranker;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** {@code triton:encode} or {@code triton:rerank}: producer only. */
public final class TritonEndpoint extends DefaultEndpoint {

  /** What an endpoint does with the message body. */
  public enum Operation {
    /** body String: the query vector (float[]); body List of String: one vector per text, in order */
    ENCODE,
    /** body {@link RerankRequest}: the reranked candidates (List of Candidate) */
    RERANK;

    static Operation parse(String text) {
      for (Operation o : values()) {
        if (o.name().toLowerCase(Locale.ROOT).equals(text)) {
          return o;
        }
      }
      throw new IllegalArgumentException(
          "unknown triton operation '" + text + "'; expected one of "
              + Arrays.stream(values()).map(o -> o.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
  }

  private final Operation operation;
  private final Encoder encoder;
  private final Reranker reranker;

  TritonEndpoint(String uri, TritonComponent component, Operation operation, Encoder encoder, Reranker reranker) {
    super(uri, component);
    this.operation = operation;
    this.encoder = encoder;
    this.reranker = reranker;
  }

  public Operation operation() {
    return operation;
  }

  @Override
  public Producer createProducer() {
    return new TritonProducer(this, operation, encoder, reranker);
  }

  @Override
  public Consumer createConsumer(Processor processor) {
    throw new UnsupportedOperationException("triton: endpoints only produce (call a model); " + getEndpointUri() + " cannot consume");
  }
}
