package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.caravan.connectors.triton.LocalTritonServer;
import io.caravan.connectors.triton.TritonGenerator;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.ingest.ProgressListener;
import io.caravan.testing.HashingEncoder;
import io.caravan.testing.LocalModelFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * caravan.generator.backend=triton end to end: the bundled rag process answers from the GGUF model on
 * a real Triton server, and from the same model in-process once the server is stopped (the default
 * fallback); the answer names which one answered. Needs scripts/triton-env.sh and the model.
 */
class CaravanTritonGeneratorTest {

  @TempDir Path data;

  @Test
  void answersComeFromTritonAndFromTheInProcessModelWhenTheServerStops() throws Exception {
    Path model = LocalModelFile.pathOrSkip();
    Path root = LocalTritonServer.repositoryRoot();
    String configured = System.getenv().getOrDefault("CARAVAN_TRITON_HOME", "");
    Path home = configured.isBlank() ? root.resolve(".caravan/triton") : Path.of(configured);
    String missing = LocalTritonServer.missingLlm(home);
    if (missing != null) {
      if ("true".equals(System.getenv("CARAVAN_TRITON_REQUIRED"))) {
        fail(missing);
      }
      Assumptions.abort(missing + ", or run the suite with scripts/test.sh");
    }
    try (LocalTritonServer server = new LocalTritonServer(root, home, List.of("--llm-model", model.toString(), "--llm-threads", "1"))) {
      server.start(Duration.ofSeconds(120));
      CaravanSettings settings = CaravanSettings.defaultsOnly()
          .with("caravan.data", data.toString())
          .with("caravan.generator", "llm")
          .with("caravan.generator.backend", "triton")
          .with("caravan.llm.model-file", model.toString())
          .with("caravan.llm.max-tokens", "24")
          .with("caravan.llm.threads", "1")
          .with("caravan.generate.context", "2")
          .with("caravan.triton.grpc", server.grpcTarget())
          .with("caravan.triton.attempts", "1");
      try (Caravan caravan = Caravan.builder().settings(settings).encoder(new HashingEncoder(64)).build()) {
        caravan.ingest(root.resolve("examples/sample-corpus/docs"), ProgressListener.NONE);
        Query q = Query.of("What do the humps of a Bactrian camel actually store?", 5);

        RagState onTriton = caravan.ask(q, null);
        server.stop();
        RagState inProcess = caravan.ask(q, null);

        assertThat(onTriton.answer().generator()).isEqualTo(TritonGenerator.NAME);
        assertThat(inProcess.answer().generator()).isEqualTo("llm");
        assertThat(onTriton.answer().text()).isNotBlank().isEqualTo(inProcess.answer().text());
        assertThat(onTriton.answer().signals().hasTokenUncertainty()).isTrue();
      }
    }
  }
}
