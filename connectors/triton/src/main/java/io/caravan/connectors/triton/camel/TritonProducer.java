package io.caravan.connectors.triton.camel;

import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Reranker;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.support.DefaultProducer;

/**
 * Calls the Triton-backed encoder or reranker with the message body and puts the result in the body.
 * A body of the wrong type fails the exchange with Camel's {@link InvalidPayloadException}; a model
 * failure fails it with the {@link io.caravan.connectors.triton.TritonException}.
 */
final class TritonProducer extends DefaultProducer {

  /** Header set on every reply: the model identity the vectors belong to (encode) or the reranker name. */
  static final String MODEL_HEADER = TritonHeaders.MODEL;

  private final TritonEndpoint.Operation operation;
  private final Encoder encoder;
  private final Reranker reranker;

  TritonProducer(TritonEndpoint endpoint, TritonEndpoint.Operation operation, Encoder encoder, Reranker reranker) {
    super(endpoint);
    this.operation = operation;
    this.encoder = encoder;
    this.reranker = reranker;
  }

  @Override
  public void process(Exchange exchange) throws InvalidPayloadException {
    switch (operation) {
      case ENCODE -> encode(exchange);
      case RERANK -> rerank(exchange);
    }
  }

  private void encode(Exchange exchange) throws InvalidPayloadException {
    Object body = exchange.getMessage().getBody();
    Object result;
    if (body instanceof List<?> list) {
      List<String> texts = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String s)) {
          throw new InvalidPayloadException(exchange, String.class);
        }
        texts.add(s);
      }
      result = encoder.encodeAll(texts);
    } else {
      result = encoder.encodeQuery(exchange.getMessage().getMandatoryBody(String.class));
    }
    exchange.getMessage().setBody(result);
    exchange.getMessage().setHeader(MODEL_HEADER, encoder.info().modelId());
  }

  private void rerank(Exchange exchange) throws InvalidPayloadException {
    RerankRequest r = exchange.getMessage().getMandatoryBody(RerankRequest.class);
    exchange.getMessage().setBody(reranker.rerank(r.query(), r.candidates(), r.k()));
    exchange.getMessage().setHeader(MODEL_HEADER, reranker.name());
  }
}
