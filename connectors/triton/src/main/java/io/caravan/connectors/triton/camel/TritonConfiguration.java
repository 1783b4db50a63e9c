package io.caravan.connectors.triton.camel;

import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Reranker;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The models a {@code triton:} endpoint calls. The component's copy is where each endpoint starts;
 * a URI may name another bean ({@code triton:rerank?reranker=#myReranker}).
 */
@UriParams
public final class TritonConfiguration implements Cloneable {

  @UriParam(
      label = "producer",
      description = "The encoder triton:encode calls, usually a TritonEncoder, whose batching, deadlines, retries, breaker and"
          + " fallback then guard every call")
  private Encoder encoder;

  @UriParam(
      label = "producer",
      description = "The reranker triton:rerank calls, usually a TritonFusionReranker, guarded like the encoder")
  private Reranker reranker;

  public Encoder getEncoder() {
    return encoder;
  }

  public void setEncoder(Encoder encoder) {
    this.encoder = encoder;
  }

  public Reranker getReranker() {
    return reranker;
  }

  public void setReranker(Reranker reranker) {
    this.reranker = reranker;
  }

  public TritonConfiguration copy() {
    try {
      return (TritonConfiguration) super.clone();
    } catch (CloneNotSupportedException e) {
      throw new RuntimeCamelException(e);
    }
  }
}
