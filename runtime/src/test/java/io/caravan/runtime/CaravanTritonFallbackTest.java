package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.connectors.triton.LocalTritonServer;
import io.caravan.connectors.triton.TritonFusionScorer;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.ingest.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code caravan.triton.fallback=in-process} (the default) an instance whose Triton server is
 * not there starts, encodes and reranks in-process, and answers as an in-process instance does; the
 * trace marks every reranked candidate. Needs no Triton: nothing listens on port 1.
 */
class CaravanTritonFallbackTest {

  @TempDir Path data;

  private CaravanSettings settings() {
    return CaravanSettings.defaultsOnly().with("caravan.data", data.toString()).with("caravan.http.port", "0");
  }

  @Test
  void anUnreachableServerFallsBackToInProcessWithTheSameResultsAndMarkedCandidates() throws Exception {
    List<String> questions = List.of(
        "What do the humps of a Bactrian camel actually store?",
        "What do silkworms eat almost exclusively?");
    List<List<String>> inProcess;
    try (Caravan local = Caravan.fromSettings(settings(), Map.of())) {
      local.ingest(LocalTritonServer.repositoryRoot().resolve("examples/sample-corpus/docs"), ProgressListener.NONE);
      inProcess = questions.stream().map(q -> ids(local.ask(Query.of(q, 5), null))).toList();
    }
    CaravanSettings nowhere = settings()
        .with("caravan.encoder.backend", "triton")
        .with("caravan.reranker.backend", "triton")
        .with("caravan.triton.grpc", "127.0.0.1:1")
        .with("caravan.triton.fallback", "in-process")
        .with("caravan.triton.attempts", "1")
        .with("caravan.triton.timeout-ms", "500");
    try (Caravan remote = Caravan.fromSettings(nowhere, Map.of())) {
      for (int i = 0; i < questions.size(); i++) {
        RagState s = remote.ask(Query.of(questions.get(i), 5), null);
        assertThat(ids(s)).as(questions.get(i)).isEqualTo(inProcess.get(i));
        assertThat(s.candidates()).allSatisfy(c -> assertThat(c.scores()).containsEntry(TritonFusionScorer.FALLBACK_MARK, 1.0));
        TraceEvent rerank = s.trace().events().stream().filter(e -> e.step().equals("rerank")).findFirst().orElseThrow();
        assertThat(rerank.candidates()).isNotEmpty().allSatisfy(r -> assertThat(r.scores()).containsEntry(TritonFusionScorer.FALLBACK_MARK, 1.0));
      }
    }
  }

  private static List<String> ids(RagState s) {
    return s.candidates().stream().map(Candidate::chunkId).toList();
  }
}
