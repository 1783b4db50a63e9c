package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.caravan.connectors.triton.LocalTritonServer;
import io.caravan.connectors.triton.TritonFusionScorer;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.ingest.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switching the encoder and reranker to Triton is configuration only: the bundled process runs
 * unchanged on an index built in-process, with the same results. The end-to-end test needs the
 * environment from scripts/triton-env.sh (skipped without it, a failure under scripts/test.sh).
 */
class CaravanTritonTest {

  @TempDir Path data;

  private CaravanSettings settings() {
    return CaravanSettings.defaultsOnly().with("caravan.data", data.toString()).with("caravan.http.port", "0");
  }

  @Test
  void badTritonSettingsNameTheirKey() {
    assertThatThrownBy(() -> Caravan.fromSettings(settings().with("caravan.encoder.backend", "gpu"), Map.of()))
        .hasMessage("setting caravan.encoder.backend: expected in-process or triton, was 'gpu'");
    assertThatThrownBy(() -> Caravan.fromSettings(settings().with("caravan.encoder.backend", "triton").with("caravan.triton.grpc", "tritonhost"), Map.of()))
        .hasMessage("setting caravan.triton.grpc: expected host:port, was 'tritonhost'");
    assertThatThrownBy(() -> Caravan.fromSettings(settings().with("caravan.reranker.backend", "triton").with("caravan.triton.fallback", "maybe"), Map.of()))
        .hasMessage("setting caravan.triton.fallback: expected in-process or none, was 'maybe'");
    assertThatThrownBy(() -> Caravan.fromSettings(settings().with("caravan.encoder.backend", "triton").with("caravan.encoder", "int8"), Map.of()))
        .hasMessageContaining("setting caravan.encoder: the Triton model serves the fp32 weights");
    assertThatThrownBy(() -> Caravan.fromSettings(settings().with("caravan.generator.backend", "remote"), Map.of()))
        .hasMessage("setting caravan.generator.backend: expected in-process or triton, was 'remote'");
    assertThatThrownBy(() -> Caravan.fromSettings(settings().with("caravan.generator.backend", "triton").with("caravan.generator", "extractive"), Map.of()))
        .hasMessage("setting caravan.generator.backend: triton serves the in-process GGUF model, so it needs caravan.generator=llm, was 'extractive'");
  }

  @Test
  void anUnreachableServerWithoutFallbackStopsTheStartWithAClearError() {
    CaravanSettings s = settings()
        .with("caravan.encoder.backend", "triton")
        .with("caravan.triton.grpc", "127.0.0.1:1")
        .with("caravan.triton.fallback", "none")
        .with("caravan.triton.timeout-ms", "500");
    assertThatThrownBy(() -> Caravan.fromSettings(s, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Triton backend (127.0.0.1:1): Triton at 127.0.0.1:1 is not reachable or not ready");
  }

  @Test
  void theBundledProcessGivesTheSameResultsOnTritonAsInProcess() throws Exception {
    Path root = LocalTritonServer.repositoryRoot();
    String configured = System.getenv().getOrDefault("CARAVAN_TRITON_HOME", "");
    Path home = configured.isBlank() ? root.resolve(".caravan/triton") : Path.of(configured);
    String missing = LocalTritonServer.missing(home);
    if (missing != null) {
      if ("true".equals(System.getenv("CARAVAN_TRITON_REQUIRED"))) {
        fail(missing);
      }
      Assumptions.abort(missing + ", or run the suite with scripts/test.sh");
    }
    List<String> questions = List.of(
        "What do the humps of a Bactrian camel actually store?",
        "Which coast of India was the main source of black pepper?",
        "What do silkworms eat almost exclusively?");
    List<List<String>> inProcess;
    try (Caravan local = Caravan.fromSettings(settings(), Map.of())) {
      local.ingest(root.resolve("examples/sample-corpus/docs"), ProgressListener.NONE);
      inProcess = questions.stream().map(q -> ids(local.ask(Query.of(q, 5), null))).toList();
    }
    try (LocalTritonServer server = new LocalTritonServer(root, home, List.of())) {
      server.start(Duration.ofSeconds(90));
      CaravanSettings onTriton = settings()
          .with("caravan.encoder.backend", "triton")
          .with("caravan.reranker.backend", "triton")
          .with("caravan.triton.grpc", server.grpcTarget())
          .with("caravan.triton.fallback", "none");
      // the index built in-process above: same encoder identity, so Triton can query it
      try (Caravan remote = Caravan.fromSettings(onTriton, Map.of())) {
        for (int i = 0; i < questions.size(); i++) {
          RagState s = remote.ask(Query.of(questions.get(i), 5), null);
          assertThat(ids(s)).as(questions.get(i)).isEqualTo(inProcess.get(i));
          assertThat(s.candidates()).allSatisfy(c -> assertThat(c.scores()).doesNotContainKey(TritonFusionScorer.FALLBACK_MARK));
        }
      }
    }
  }

  private static List<String> ids(RagState s) {
    return s.candidates().stream().map(Candidate::chunkId).toList();
  }
}
