package io.caravan.connectors.llama;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run a GGUF model in-process.
 *
 * @param model the GGUF file
 * @param contextSize tokens of context (prompt and answer together); 4096 holds the question, the
 *     conversation and five to eight passages
 * @param threads CPU threads; on a small shared machine more threads than free cores is slower
 * @param maxTokens the most tokens one answer may have
 * @param topProbabilities how many of the most likely next tokens each step reports, for the
 *     entropy of the model's choice
 */
public record LlamaSettings(Path model, int contextSize, int threads, int maxTokens, int topProbabilities) {

  public static final int DEFAULT_CONTEXT = 4096;
  public static final int DEFAULT_MAX_TOKENS = 96;
  public static final int DEFAULT_TOP_PROBABILITIES = 10;

  public LlamaSettings {
    Objects.requireNonNull(model, "model");
    if (contextSize < 256) {
      throw new IllegalArgumentException("contextSize must be at least 256, was " + contextSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    if (maxTokens < 1 || maxTokens >= contextSize) {
      throw new IllegalArgumentException("maxTokens must be between 1 and the context size, was " + maxTokens);
    }
    if (topProbabilities < 1 || topProbabilities > 100) {
      throw new IllegalArgumentException("topProbabilities must be between 1 and 100, was " + topProbabilities);
    }
  }

  /** Defaults for {@code model}: 4096 tokens of context, as many threads as cores (at most 4). */
  public static LlamaSettings of(Path model) {
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    return new LlamaSettings(model, DEFAULT_CONTEXT, threads, DEFAULT_MAX_TOKENS, DEFAULT_TOP_PROBABILITIES);
  }

  public LlamaSettings withMaxTokens(int maxTokens) {
    return new LlamaSettings(model, contextSize, threads, maxTokens, topProbabilities);
  }

  public LlamaSettings withThreads(int threads) {
    return new LlamaSettings(model, contextSize, threads, maxTokens, topProbabilities);
  }
}
