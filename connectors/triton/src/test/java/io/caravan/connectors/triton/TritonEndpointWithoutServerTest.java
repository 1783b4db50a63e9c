package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.connectors.lucene.rerank.FallbackScorer;
import io.caravan.connectors.lucene.rerank.FusionWeights;
import io.caravan.connectors.lucene.rerank.LearnedFusionReranker;
import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.connectors.triton.camel.RerankRequest;
import io.caravan.connectors.triton.camel.TritonComponent;
import io.caravan.connectors.triton.camel.TritonConfiguration;
import io.caravan.connectors.triton.camel.TritonEndpoint;
import io.caravan.connectors.triton.camel.TritonHeaders;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code triton:} endpoints built from the component's configuration, with real exchanges to a
 * Triton address where no server listens: what runs without a server is endpoint construction,
 * the URI options, the clear error when the server is missing, and the in-process fallback.
 */
class TritonEndpointWithoutServerTest {

  private static final String NOWHERE = "127.0.0.1:1";

  @TempDir Path dir;

  private final InProcessEncoder encoder = new InProcessEncoder(EncoderVariant.INT8);
  private final TritonClient client = new TritonClient(NOWHERE);
  private final CamelContext camel = new DefaultCamelContext();
  private LuceneIndex index;
  private LearnedFusionReranker strict;
  private LearnedFusionReranker withFallback;

  @BeforeEach
  void start() {
    index = LuceneIndex.open(dir.resolve("index"), encoder.info());
    FusionFeatures features = new FusionFeatures(index, encoder);
    TritonOptions options = TritonOptions.defaults(NOWHERE).withTimeout(Duration.ofMillis(500)).withRetries(1, Duration.ofMillis(1));
    strict = new LearnedFusionReranker(features, new TritonFusionScorer(new GuardedModel(client, TritonFusionScorer.MODEL, options)));
    TritonFusionScorer onTriton = new TritonFusionScorer(new GuardedModel(client, TritonFusionScorer.MODEL, options));
    withFallback = new LearnedFusionReranker(
        features, new FallbackScorer(onTriton, FusionWeights.bundled(), onTriton.fallback(), TritonFusionScorer.FALLBACK_MARK));
  }

  @AfterEach
  void stop() throws Exception {
    camel.close();
    client.close();
    index.close();
  }

  private static RerankRequest request() {
    Query q = Query.of("why did the last camel carry a bell");
    List<Candidate> first = List.of(
        Candidate.of(new Passage("bells#0", "bells", "Bells", "The last camel carried the largest bell.", 0, 40, Map.of()), "bm25", 2.0),
        Candidate.of(new Passage("silk#0", "silk", "Silk", "Silkworms eat mulberry leaves.", 0, 30, Map.of()), "bm25", 1.0));
    return new RerankRequest(q, first, 2);
  }

  @Test
  void aMissingServerFailsTheExchangeNamingTheServer() {
    camel.addComponent(TritonComponent.SCHEME, new TritonComponent(encoder, strict));
    camel.start();

    assertThatThrownBy(() -> camel.createProducerTemplate().requestBody("triton:rerank", request()))
        .isInstanceOf(CamelExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(TritonException.class, e -> assertThat(e.isTransient()).isTrue())
        .hasMessageContaining(NOWHERE);
  }

  @Test
  void theRerankerOptionNamesAnotherBeanAndItsFallbackAnswers() {
    camel.addComponent(TritonComponent.SCHEME, new TritonComponent(encoder, strict));
    camel.getRegistry().bind("careful", withFallback);
    camel.start();

    TritonEndpoint endpoint = camel.getEndpoint("triton:rerank?reranker=#careful", TritonEndpoint.class);
    assertThat(endpoint.getConfiguration().getReranker()).isSameAs(withFallback);
    assertThat(camel.getEndpoint("triton:rerank", TritonEndpoint.class).getConfiguration().getReranker())
        .as("the option changes that endpoint's copy only").isSameAs(strict);

    Exchange reply = camel.createProducerTemplate().request("triton:rerank?reranker=#careful", e -> e.getMessage().setBody(request()));
    assertThat(reply.getException()).isNull();
    List<?> out = reply.getMessage().getBody(List.class);
    assertThat(out).hasSize(2).allSatisfy(c -> assertThat(((Candidate) c).scores()).containsEntry(TritonFusionScorer.FALLBACK_MARK, 1.0));
    assertThat(reply.getMessage().getHeader(TritonHeaders.MODEL)).isEqualTo(LearnedFusionReranker.NAME);
  }

  @Test
  void anEndpointWhoseModelIsMissingFailsWhenCreated() {
    TritonConfiguration onlyReranker = new TritonConfiguration();
    onlyReranker.setReranker(strict);
    camel.addComponent(TritonComponent.SCHEME, new TritonComponent(onlyReranker));
    camel.start();

    assertThat(camel.getEndpoint("triton:rerank", TritonEndpoint.class).operation()).isEqualTo(TritonEndpoint.Operation.RERANK);
    assertThatThrownBy(() -> camel.getEndpoint("triton:encode")).hasRootCauseMessage("endpoint triton://encode: no Triton encoder is configured");
    assertThatThrownBy(() -> camel.getEndpoint("triton:classify"))
        .hasRootCauseMessage("unknown triton operation 'classify'; expected one of encode, rerank");
  }

  @Test
  void aBodyThatIsNotARerankRequestFailsTheExchange() {
    camel.addComponent(TritonComponent.SCHEME, new TritonComponent(encoder, strict));
    camel.start();

    assertThatThrownBy(() -> camel.createProducerTemplate().requestBody("triton:rerank", "rerank this"))
        .isInstanceOf(CamelExecutionException.class)
        .hasCauseInstanceOf(InvalidPayloadException.class);
  }
}
