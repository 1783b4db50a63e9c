package io.caravan.connectors.triton;

import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.core.Vectors;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.EncoderInfo;
import io.caravan.core.spi.Fallback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A BERT-style sentence encoder served by Triton: texts are tokenised here ({@link ClientTokenizer},
 * the in-process encoder's exact tokenisation), the token ids go to the model in padded batches, the
 * server runs the ONNX model and mean-pools over the attention mask, and the pooled vectors of a
 * text's pieces are averaged and L2-normalised here, as LangChain4j does in-process.
 *
 * <p>Serving the same weights as the in-process encoder, it reports the same {@link EncoderInfo}, so an
 * index built with either is queried with the other: switching is configuration only. The model's
 * contract, checked by {@link #start()}: inputs {@code input_ids}, {@code attention_mask}, {@code
 * token_type_ids} INT64 [-1, -1], output {@code embedding} FP32 [-1, dimension].
 *
 * <p>Batching: every piece goes through one {@link MicroBatcher}, so concurrent queries and the texts
 * of one ingestion batch share server calls of up to {@code maxBatch} rows. Sequences are padded to
 * the longest of the call, rounded up to {@code padMultiple}.
 *
 * <p>Failures: each server call is guarded ({@link GuardedModel}); when a call fails for good the
 * caller gets the {@link TritonException}. To encode in-process instead (same weights), wrap it in a
 * {@link io.caravan.core.spi.FallbackEncoder} with {@link #fallback()}.
 */
public final class TritonEncoder implements Encoder, AutoCloseable {

  public static final String INPUT_IDS = "input_ids";
  public static final String ATTENTION_MASK = "attention_mask";
  public static final String TOKEN_TYPE_IDS = "token_type_ids";
  public static final String EMBEDDING = "embedding";

  private static final int MAX_POSITIONS = 512;

  private final GuardedModel model;
  private final EncoderInfo info;
  private final TritonOptions options;
  private final ClientTokenizer tokenizer;
  private final MicroBatcher<ClientTokenizer.Piece, float[]> batcher;

  /** @param info the identity of the weights the model serves (the in-process one's when the same) */
  public TritonEncoder(GuardedModel model, EncoderInfo info, TritonOptions options, ClientTokenizer tokenizer) {
    this.model = Objects.requireNonNull(model, "model");
    this.info = Objects.requireNonNull(info, "info");
    this.options = Objects.requireNonNull(options, "options");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.batcher = new MicroBatcher<>("triton-" + model.model(), this::call, options.batchWindow(), options.maxBatch(), options.maxConcurrency());
  }

  /** The Triton model name {@code triton/server.py} serves all-MiniLM-L6-v2 under. */
  public static final String MINILM_MODEL = "all_minilm_l6_v2";

  /**
   * all-MiniLM-L6-v2 on Triton, serving the weights of the in-process fp32 encoder: same {@link
   * EncoderInfo}, same tokenizer, so indexes work with either.
   */
  public static TritonEncoder miniLm(TritonClient client, String model, TritonOptions options) {
    EncoderInfo info = new EncoderInfo(EncoderVariant.FP32.modelId(), EncoderVariant.DIMENSION);
    return new TritonEncoder(new GuardedModel(client, model, options), info, options, ClientTokenizer.miniLm());
  }

  /**
   * Checks the server and the model's signature.
   *
   * @throws TritonException when the server is down, the model not ready, or its tensors differ
   */
  public ModelSignature start() {
    TensorSpec ids = new TensorSpec(INPUT_IDS, "INT64", List.of(-1L, -1L));
    return model.verify(
        List.of(ids, new TensorSpec(ATTENTION_MASK, "INT64", List.of(-1L, -1L)), new TensorSpec(TOKEN_TYPE_IDS, "INT64", List.of(-1L, -1L))),
        List.of(new TensorSpec(EMBEDDING, "FP32", List.of(-1L, (long) info.dimension()))));
  }

  @Override
  public EncoderInfo info() {
    return info;
  }

  public ModelMetrics.Snapshot metrics() {
    return model.metrics().snapshot();
  }

  /** The counters themselves, for a metrics registry to poll. */
  public ModelMetrics liveMetrics() {
    return model.metrics();
  }

  /** Falling back from this model to an in-process encoder: on a {@link TritonException}, counted in {@link #metrics()} and logged. */
  public Fallback fallback() {
    return model.fallback("texts encoded in-process");
  }

  public CircuitBreaker.State breakerState() {
    return model.breakerState();
  }

  @Override
  public float[] encodeQuery(String text) {
    Encoder.checkQuery(text);
    return encodeAll(List.of(text)).get(0);
  }

  @Override
  public List<float[]> encodeAll(List<String> texts) {
    Encoder.checkTexts(texts);
    List<List<ClientTokenizer.Piece>> pieces = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      try {
        pieces.add(tokenizer.pieces(texts.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cannot encode the text at position " + i + ": " + e.getMessage(), e);
      }
    }
    List<List<CompletableFuture<float[]>>> futures = new ArrayList<>(texts.size());
    for (List<ClientTokenizer.Piece> p : pieces) {
      List<CompletableFuture<float[]>> f = new ArrayList<>(p.size());
      p.forEach(piece -> f.add(batcher.submit(piece)));
      futures.add(f);
    }
    try {
      List<float[]> out = new ArrayList<>(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        out.add(combine(pieces.get(i), await(futures.get(i))));
      }
      return out;
    } catch (TritonException e) {
      futures.forEach(l -> l.forEach(f -> f.cancel(false)));
      throw e;
    }
  }

  private List<float[]> await(List<CompletableFuture<float[]>> futures) {
    // every attempt's deadline, the backoffs and the batch window, plus slack for the queue
    long budget = options.timeout().toNanos() * options.maxAttempts() + options.retryBackoff().toNanos() * (1L << options.maxAttempts())
        + options.batchWindow().toNanos() + Duration.ofSeconds(1).toNanos();
    long until = System.nanoTime() + budget;
    List<float[]> out = new ArrayList<>(futures.size());
    for (CompletableFuture<float[]> f : futures) {
      try {
        out.add(f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TritonException t) {
          throw t;
        }
        throw new TritonException(TritonException.Kind.REJECTED, "Triton encoder call failed: " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        throw new TritonException(TritonException.Kind.DEADLINE_EXCEEDED, "Triton encoder gave no result within " + Duration.ofNanos(budget), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TritonException(TritonException.Kind.UNAVAILABLE, "interrupted while waiting for Triton", e);
      }
    }
    return out;
  }

  /** One server call for a batch of pieces: padded INT64 tensors in, one pooled vector per piece out. */
  private List<float[]> call(List<ClientTokenizer.Piece> batch) {
    int n = batch.size();
    int longest = 0;
    for (ClientTokenizer.Piece p : batch) {
      longest = Math.max(longest, p.ids().length);
    }
    int m = options.padMultiple();
    int len = Math.min(Math.max(longest, ((longest + m - 1) / m) * m), Math.max(longest, MAX_POSITIONS));
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    for (int r = 0; r < n; r++) {
      ClientTokenizer.Piece p = batch.get(r);
      System.arraycopy(p.ids(), 0, ids, r * len, p.ids().length);
      System.arraycopy(p.typeIds(), 0, types, r * len, p.typeIds().length);
      for (int c = 0; c < p.ids().length; c++) {
        mask[r * len + c] = 1;
      }
    }
    long[] shape = {n, len};
    List<OutputTensor> out =
        model.infer(
            List.of(InputTensor.int64(INPUT_IDS, shape, ids), InputTensor.int64(ATTENTION_MASK, shape, mask), InputTensor.int64(TOKEN_TYPE_IDS, shape, types)),
            List.of(EMBEDDING),
            n);
    float[] flat = out.get(0).floats();
    int dim = info.dimension();
    if (flat.length != n * dim) {
      throw new TritonException(
          TritonException.Kind.MODEL_MISMATCH, "Triton model '" + model.model() + "' returned " + flat.length + " values for " + n + " x " + dim);
    }
    List<float[]> vectors = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      float[] v = new float[dim];
      System.arraycopy(flat, r * dim, v, 0, dim);
      vectors.add(v);
    }
    return vectors;
  }

  /** Length-weighted average of a text's piece vectors, L2-normalised (LangChain4j's arithmetic). */
  private static float[] combine(List<ClientTokenizer.Piece> pieces, List<float[]> vectors) {
    float[] v;
    if (vectors.size() == 1) {
      v = vectors.get(0);
    } else {
      v = new float[vectors.get(0).length];
      int total = 0;
      for (int i = 0; i < vectors.size(); i++) {
        int w = pieces.get(i).weight();
        total += w;
        for (int j = 0; j < v.length; j++) {
          v[j] += vectors.get(i)[j] * w;
        }
      }
      for (int j = 0; j < v.length; j++) {
        v[j] /= total;
      }
    }
    return Vectors.normalize(v, norm -> new TritonException(TritonException.Kind.REJECTED, "the Triton encoder returned a vector of norm " + norm));
  }

  @Override
  public void close() {
    batcher.close();
    tokenizer.close();
  }

  @Override
  public String toString() {
    return "TritonEncoder(" + model + ", " + info + ")";
  }
}
