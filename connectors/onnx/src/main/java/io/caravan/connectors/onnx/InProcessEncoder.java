package io.caravan.connectors.onnx;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.caravan.core.Vectors;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.EncoderInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * all-MiniLM-L6-v2 run inside this JVM by ONNX Runtime, through the model LangChain4j bundles in
 * its jar (fp32 or int8, see {@link EncoderVariant}). Texts are encoded symmetrically: queries and
 * documents get no prefix.
 *
 * <p>Loading: the model is loaded on the first encode, or up front by {@link #load()} (do that at
 * startup to keep the cost off the first query). Measured on 2 cores: fp32 1.3-2.1 s (the 90 MB
 * model file is read from the jar into memory and handed to ONNX Runtime), int8 0.3-0.4 s (23 MB).
 * LangChain4j keeps the session in a static field, so every encoder of one variant in a JVM shares one session and only
 * the first pays the load. {@link #info()} needs no model.
 *
 * <p>Batching: LangChain4j runs one ONNX inference per text (no padded tensor batches; texts over
 * 510 word pieces are split, encoded in parts and averaged). Its {@code embedAll} hands each text of
 * a call to an executor. ONNX Runtime already spreads each inference over the cores (intra-op
 * threads), so running several texts at once mostly oversubscribes a small machine: on 2 cores the
 * calling thread was as fast as LangChain4j's own pool, and that is the default here. On many cores,
 * pass a pool. {@code encodeAll} sends {@code batchSize} texts per {@code embedAll} call, which
 * bounds how many tasks wait in that executor at once. Throughput measured here: fp32 ~60-180
 * texts/s and int8 ~130-400 texts/s for 30-60 word passages, depending on load.
 *
 * <p>Vectors: LangChain4j returns L2-normalised vectors; they are normalised again here because unit
 * length is this SPI's contract (dot product = cosine in the index) while for LangChain4j it is an
 * implementation detail. Cost: 384 multiply-adds, nothing next to the inference.
 *
 * <p>Blank text (empty, whitespace or control characters only) has no meaning to encode and is
 * rejected with an {@link IllegalArgumentException} naming its position, before any text of the call
 * is encoded. A title-only chunk should be encoded by its title. Text that is not blank but holds no
 * word piece at all (only zero-width characters, say) is rejected by LangChain4j, reported the same
 * way with the range of positions of its batch.
 *
 * <p>Thread-safe: ONNX Runtime sessions accept concurrent runs.
 */
public final class InProcessEncoder implements Encoder {

  public static final int DEFAULT_BATCH_SIZE = 32;

  private final EncoderVariant variant;
  private final int batchSize;
  private final Executor executor;
  private final Object loadLock = new Object();
  private volatile EmbeddingModel model;

  /**
   * @param executor runs the texts of one batch; {@code Runnable::run} encodes them one after the
   *     other on the calling thread
   */
  public InProcessEncoder(EncoderVariant variant, int batchSize, Executor executor) {
    this.variant = Objects.requireNonNull(variant, "variant");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
    this.batchSize = batchSize;
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** Batches of {@value #DEFAULT_BATCH_SIZE}, encoded on the calling thread. */
  public InProcessEncoder(EncoderVariant variant) {
    this(variant, DEFAULT_BATCH_SIZE, Runnable::run);
  }

  public EncoderVariant variant() {
    return variant;
  }

  @Override
  public EncoderInfo info() {
    return new EncoderInfo(variant.modelId(), EncoderVariant.DIMENSION);
  }

  /**
   * Loads the model now unless it is loaded. Returns how long that took, {@link Duration#ZERO} when
   * it already was (short when another encoder of this variant loaded the shared session before).
   */
  public Duration load() {
    if (model != null) {
      return Duration.ZERO;
    }
    synchronized (loadLock) {
      if (model != null) {
        return Duration.ZERO;
      }
      long t0 = System.nanoTime();
      model = variant.create(executor);
      return Duration.ofNanos(System.nanoTime() - t0);
    }
  }

  public boolean isLoaded() {
    return model != null;
  }

  @Override
  public float[] encodeQuery(String text) {
    Encoder.checkQuery(text);
    try {
      return unit(model().embed(text).content().vector());
    } catch (RuntimeException e) {
      throw asBadInput(e, "cannot encode the query");
    }
  }

  @Override
  public List<float[]> encodeAll(List<String> texts) {
    Encoder.checkTexts(texts);
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batchSize) {
      int to = Math.min(from + batchSize, texts.size());
      List<TextSegment> batch = new ArrayList<>(to - from);
      for (String text : texts.subList(from, to)) {
        batch.add(TextSegment.from(text));
      }
      List<Embedding> embedded;
      try {
        embedded = model().embedAll(batch).content();
      } catch (RuntimeException e) {
        throw asBadInput(e, "cannot encode the texts at positions " + from + " to " + (to - 1));
      }
      if (embedded.size() != batch.size()) {
        throw new IllegalStateException(
            "LangChain4j returned " + embedded.size() + " vectors for " + batch.size() + " texts");
      }
      for (Embedding e : embedded) {
        out.add(unit(e.vector()));
      }
    }
    return out;
  }

  private EmbeddingModel model() {
    EmbeddingModel m = model;
    if (m == null) {
      load();
      m = model;
    }
    return m;
  }

  /**
   * LangChain4j rejects text it cannot tokenise with an IllegalArgumentException, wrapped twice when
   * it came through its executor; surface that as our own bad-input error, anything else unchanged.
   */
  private static RuntimeException asBadInput(RuntimeException e, String what) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException) {
        return new IllegalArgumentException(what + ": " + t.getMessage(), e);
      }
    }
    return e;
  }

  private static float[] unit(float[] v) {
    return Vectors.normalize(v, norm -> new IllegalStateException("the model returned a vector of norm " + norm));
  }

  @Override
  public String toString() {
    return "InProcessEncoder(" + variant.modelId() + ", batchSize=" + batchSize + ")";
  }
}
