package io.caravan.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real GGUF model the in-process LLM tests run (not a double): the file {@code
 * scripts/llm-model.sh} fetches and verifies into {@code .caravan/models}, or the one the system
 * property {@code caravan.llm.model-file} or the variable {@code CARAVAN_LLM_MODEL_FILE} names. When
 * it is missing the calling test is skipped with a message saying how to get it, unless {@code
 * CARAVAN_LLM_REQUIRED=true} (set by {@code scripts/test.sh}) makes that a failure.
 */
public final class LocalModelFile {

  /** The default model's file name under {@code .caravan/models}. */
  public static final String DEFAULT_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf";

  private LocalModelFile() {}

  public static Path pathOrSkip() {
    String configured = System.getProperty("caravan.llm.model-file", System.getenv().getOrDefault("CARAVAN_LLM_MODEL_FILE", ""));
    Path file = configured.isBlank() ? repositoryRoot().resolve(".caravan/models").resolve(DEFAULT_FILE) : Path.of(configured);
    if (!Files.isRegularFile(file)) {
      String missing = "no model file at " + file.toAbsolutePath() + ": run scripts/llm-model.sh";
      if ("true".equals(System.getenv("CARAVAN_LLM_REQUIRED")) || Boolean.getBoolean("caravan.llm.required")) {
        Assertions.fail(missing + " (CARAVAN_LLM_REQUIRED=true makes a missing model a failure)");
      }
      Assumptions.abort(missing + ", or run the suite with scripts/test.sh");
    }
    return file;
  }

  /** The checkout's root: the nearest folder up from the working directory with scripts/llm-model.sh. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("scripts/llm-model.sh"))) {
        return d;
      }
    }
    return dir;
  }
}
