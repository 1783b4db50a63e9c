package io.caravan.runtime;

import io.caravan.core.step.StepRunner;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.connectors.triton.TritonFusionScorer;
import io.caravan.connectors.triton.camel.RerankRequest;
import io.caravan.connectors.triton.camel.TritonComponent;
import io.caravan.connectors.triton.camel.TritonEndpoint;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.document.Document;
import io.caravan.ingest.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code triton:rerank}, advertised beside {@code triton:encode}, is the instance's Triton reranker:
 * with the reranker on Triton the endpoint resolves and reranks. No Triton server runs here, so
 * the reranker falls back in-process, which the candidates show.
 */
class TritonRerankEndpointTest {

  @TempDir Path data;

  @Test
  void tritonRerankIsTheInstancesTritonReranker() throws Exception {
    CaravanSettings s = CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.http.port", "0")
        .with("caravan.reranker.backend", "triton")
        .with("caravan.triton.grpc", "127.0.0.1:1")
        .with("caravan.triton.fallback", "in-process")
        .with("caravan.triton.timeout-ms", "500");
    try (Caravan caravan = Caravan.fromSettings(s, Map.of())) {
      caravan.ingestDocuments(List.of(
          new Document("bells", "Caravan bells", "The last camel of a caravan carried the largest bell.", Map.of(), null),
          new Document("pepper", "Pepper", "Black pepper came from the Malabar coast of India.", Map.of(), null),
          new Document("silk", "Silk", "Silkworms eat mulberry leaves almost exclusively.", Map.of(), null)),
          ProgressListener.NONE);
      Query q = Query.of("why did the last camel carry a bell", 3);
      List<Candidate> first = StepRunner.run(caravan.steps().get(0), RagState.start(q)).candidates();
      assertThat(first).isNotEmpty();

      assertThat(caravan.camel().getComponent(TritonComponent.SCHEME)).isInstanceOf(TritonComponent.class);
      TritonEndpoint endpoint = caravan.camel().getEndpoint("triton:rerank", TritonEndpoint.class);
      assertThat(endpoint.operation()).isEqualTo(TritonEndpoint.Operation.RERANK);
      List<?> out = caravan.camel().createProducerTemplate().requestBody("triton:rerank", new RerankRequest(q, first, 2), List.class);

      assertThat(out).hasSize(2).allSatisfy(c -> assertThat(((Candidate) c).scores()).containsEntry(TritonFusionScorer.FALLBACK_MARK, 1.0));
      assertThat(out).first().extracting(c -> ((Candidate) c).passage().docId()).isEqualTo("bells");
    }
  }
}
