package io.caravan.connectors.triton.camel;

import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Reranker;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** {@code triton:encode} or {@code triton:rerank}: producer only. */
@UriEndpoint(
    firstVersion = "0.1.0",
    scheme = TritonComponent.SCHEME,
    title = "Triton",
    syntax = "triton:operation",
    producerOnly = true,
    category = {Category.AI},
    headersClass = TritonHeaders.class)
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

  @UriPath(enums = "encode,rerank", description = "What the endpoint does with the message body")
  @Metadata(required = true)
  private final Operation operation;

  @UriParam
  private TritonConfiguration configuration;

  TritonEndpoint(String uri, TritonComponent component, Operation operation, TritonConfiguration configuration) {
    super(uri, component);
    this.operation = operation;
    this.configuration = configuration;
  }

  public Operation operation() {
    return operation;
  }

  public TritonConfiguration getConfiguration() {
    return configuration;
  }

  // setters Camel binds the URI options to (triton:rerank?reranker=#bean)

  public void setEncoder(Encoder encoder) {
    configuration.setEncoder(encoder);
  }

  public void setReranker(Reranker reranker) {
    configuration.setReranker(reranker);
  }

  @Override
  public Producer createProducer() {
    return new TritonProducer(this, operation, configuration.getEncoder(), configuration.getReranker());
  }

  @Override
  public Consumer createConsumer(Processor processor) {
    throw new UnsupportedOperationException("triton: endpoints only produce (call a model); " + getEndpointUri() + " cannot consume");
  }
}
