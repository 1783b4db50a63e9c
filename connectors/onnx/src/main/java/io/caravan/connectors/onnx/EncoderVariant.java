package io.caravan.connectors.onnx;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Which build of all-MiniLM-L6-v2 runs in-process. The two give close but not identical vectors
 * (cosine 0.98-0.995 per text, measured), so each has its own model id and an index built with one
 * refuses queries encoded with the other.
 */
public enum EncoderVariant {
  /** The original fp32 ONNX export: 90 MB, loads in about 1.3-2 s. */
  FP32("fp32", "all-minilm-l6-v2"),
  /** Dynamically quantised int8 export: 23 MB, loads in about 0.3-0.4 s, about 2x faster per text. */
  INT8("int8", "all-minilm-l6-v2-q");

  /** all-MiniLM-L6-v2 has a 384-wide hidden state, mean-pooled into the sentence vector. */
  public static final int DIMENSION = 384;

  private final String label;
  private final String modelId;

  EncoderVariant(String label, String modelId) {
    this.label = label;
    this.modelId = modelId;
  }

  /** Parses {@code fp32} or {@code int8} (case and surrounding blanks ignored), as configuration writes it. */
  public static EncoderVariant parse(String text) {
    if (text != null) {
      String wanted = text.strip().toLowerCase(Locale.ROOT);
      for (EncoderVariant v : values()) {
        if (v.label.equals(wanted)) {
          return v;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown encoder variant '"
            + text
            + "'; expected one of "
            + Arrays.stream(values()).map(EncoderVariant::label).collect(Collectors.joining(", ")));
  }

  /** The name configuration uses: {@code fp32} or {@code int8}. */
  public String label() {
    return label;
  }

  /** The id an index records, distinct per variant so vectors of the two are never mixed. */
  public String modelId() {
    return modelId;
  }

  /**
   * Creates the LangChain4j model. The ONNX session is held in a static field of the LangChain4j
   * class, so the first call per variant in a JVM pays the load and later ones share that session.
   */
  EmbeddingModel create(Executor executor) {
    return switch (this) {
      case FP32 -> new AllMiniLmL6V2EmbeddingModel(executor);
      case INT8 -> new AllMiniLmL6V2QuantizedEmbeddingModel(executor);
    };
  }
}
