package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.connectors.triton.camel.TritonComponent;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real CamelContext sending real exchanges through {@code triton:encode} to a real Triton server. */
class TritonCamelComponentTest {

  private static TritonServerProcess server;
  private static TritonClient client;
  private static TritonEncoder encoder;
  private static CamelContext camel;
  private static ProducerTemplate template;

  @BeforeAll
  static void start() throws Exception {
    server = TritonServerProcess.startOrSkip();
    client = new TritonClient(server.grpcTarget());
    encoder = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, TritonOptions.defaults(server.grpcTarget()));
    encoder.start();
    camel = new DefaultCamelContext();
    camel.addComponent(TritonComponent.SCHEME, new TritonComponent(encoder, null));
    camel.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:step-encode").to("triton:encode");
          }
        });
    camel.start();
    template = camel.createProducerTemplate();
  }

  @AfterAll
  static void stop() {
    if (camel != null) {
      camel.stop();
    }
    if (encoder != null) {
      encoder.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRouteEncodesAQueryAndABatchOnTriton() {
    InProcessEncoder reference = new InProcessEncoder(EncoderVariant.FP32);
    float[] v = template.requestBody("direct:step-encode", "Where was silk first produced?", float[].class);
    assertThat(TritonEncoderParityTest.dot(v, reference.encodeQuery("Where was silk first produced?"))).isGreaterThan(0.999);

    List<?> vs = template.requestBody("direct:step-encode", List.of("camels", "spices"), List.class);
    assertThat(vs).hasSize(2).allSatisfy(x -> assertThat((float[]) x).hasSize(384));
    assertThat(encoder.metrics().calls()).isPositive();
  }

  @Test
  void aBodyOfTheWrongTypeFailsTheExchangeClearly() {
    assertThatThrownBy(() -> template.requestBody("direct:step-encode", List.of(1, 2)))
        .isInstanceOf(CamelExecutionException.class)
        .hasCauseInstanceOf(InvalidPayloadException.class);
  }

  @Test
  void unknownOperationsAndAMissingRerankerAreRefusedWhenTheEndpointIsCreated() {
    assertThatThrownBy(() -> camel.getEndpoint("triton:classify")).hasRootCauseMessage("unknown triton operation 'classify'; expected one of encode, rerank");
    assertThatThrownBy(() -> camel.getEndpoint("triton:rerank")).hasRootCauseMessage("endpoint triton://rerank: no Triton reranker is configured");
  }
}
