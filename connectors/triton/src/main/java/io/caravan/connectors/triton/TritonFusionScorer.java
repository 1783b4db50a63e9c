package io.caravan.connectors.triton;

import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.connectors.lucene.rerank.FusionScorer;
import io.caravan.connectors.lucene.rerank.LearnedFusionReranker;
import io.caravan.core.spi.Fallback;
import java.util.List;
import java.util.Objects;

/**
 * The learned-fusion scorer on Triton: the model {@code fusion_reranker} turns each feature row into
 * a logit with the very weights file the in-process scorer ({@link
 * io.caravan.connectors.lucene.rerank.FusionWeights}) uses, so a {@link LearnedFusionReranker} ranks
 * alike with either. The features are computed by the reranker (they need the Lucene index and the
 * query vector, see {@link FusionFeatures}); this class only scores them, in one server call per
 * query (all candidates in one batch).
 *
 * <p>Failures: the call is guarded ({@link GuardedModel}); when it fails for good the caller gets
 * the {@link TritonException}. To rerank in-process instead, wrap it in a {@link
 * io.caravan.connectors.lucene.rerank.FallbackScorer} with {@link #fallback()} and the mark
 * {@value #FALLBACK_MARK}.
 */
public final class TritonFusionScorer implements FusionScorer {

  /** The Triton model name {@code triton/server.py} serves the fusion weights under. */
  public static final String MODEL = "fusion_reranker";
  public static final String FEATURES = "features";
  public static final String SCORE = "score";
  /** Score key marking candidates scored in-process because Triton failed. */
  public static final String FALLBACK_MARK = "triton-fallback";

  private final GuardedModel model;

  public TritonFusionScorer(GuardedModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * Checks the server and that the model takes {@link FusionFeatures#NAMES} features per row.
   *
   * @throws TritonException when the server is down, the model not ready, or its tensors differ
   */
  public ModelSignature start() {
    return model.verify(
        List.of(new TensorSpec(FEATURES, "FP32", List.of(-1L, (long) FusionFeatures.NAMES.size()))),
        List.of(new TensorSpec(SCORE, "FP32", List.of(-1L, 1L))));
  }

  public ModelMetrics.Snapshot metrics() {
    return model.metrics().snapshot();
  }

  /** Falling back from this model to an in-process scorer: on a {@link TritonException}, counted in {@link #metrics()} and logged. */
  public Fallback fallback() {
    return model.fallback("candidates scored in-process");
  }

  /** @throws TritonException when the call fails for good, or the model returns another number of scores */
  @Override
  public Scores score(List<double[]> rows) {
    int n = rows.size();
    if (n == 0) {
      return Scores.of(new double[0]);
    }
    int f = FusionFeatures.NAMES.size();
    float[] flat = new float[n * f];
    for (int i = 0; i < n; i++) {
      double[] r = rows.get(i);
      for (int j = 0; j < f; j++) {
        flat[i * f + j] = (float) r[j];
      }
    }
    float[] s = model.infer(List.of(InputTensor.fp32(FEATURES, new long[] {n, f}, flat)), List.of(SCORE), n).get(0).floats();
    if (s.length != n) {
      throw new TritonException(TritonException.Kind.MODEL_MISMATCH, "Triton model '" + model.model() + "' returned " + s.length + " scores for " + n + " rows");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = s[i];
    }
    return Scores.of(out);
  }

  @Override
  public String toString() {
    return "TritonFusionScorer(" + model + ")";
  }
}
