package io.caravan.connectors.triton;

import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.connectors.lucene.rerank.LearnedFusionReranker;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.spi.Reranker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The learned-fusion reranker with its scoring on Triton: the features are computed here (they need
 * the Lucene index and the query vector, see {@link FusionFeatures}), the model {@code
 * fusion_reranker} turns each feature row into a logit with the very weights file the in-process
 * {@link LearnedFusionReranker} uses, so both rank alike. One server call per query (all candidates
 * in one batch).
 *
 * <p>Fallback: when Triton fails for good and an in-process reranker is given, it reranks instead
 * and every returned candidate carries the score {@value #FALLBACK_MARK} = 1 beside its scores, so
 * the trace shows the fallback on each candidate (its current score is left as the fallback set it).
 */
public final class TritonFusionReranker implements Reranker {

  /** The Triton model name {@code triton/server.py} serves the fusion weights under. */
  public static final String MODEL = "fusion_reranker";
  public static final String FEATURES = "features";
  public static final String SCORE = "score";
  /** Score key marking candidates reranked in-process because Triton failed. */
  public static final String FALLBACK_MARK = "triton-fallback";

  private static final Logger LOG = Logger.getLogger(TritonFusionReranker.class.getName());

  private final FusionFeatures features;
  private final GuardedModel model;
  private final Reranker fallback;

  public TritonFusionReranker(FusionFeatures features, GuardedModel model, Optional<Reranker> fallback) {
    this.features = Objects.requireNonNull(features, "features");
    this.model = Objects.requireNonNull(model, "model");
    this.fallback = fallback.orElse(null);
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

  @Override
  public String name() {
    return LearnedFusionReranker.NAME;
  }

  public ModelMetrics.Snapshot metrics() {
    return model.metrics().snapshot();
  }

  @Override
  public List<Candidate> rerank(Query query, List<Candidate> candidates, int k) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(candidates, "candidates");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, was " + k);
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    float[] scores;
    try {
      scores = score(features.extract(query, candidates));
    } catch (TritonException e) {
      if (fallback == null) {
        throw e;
      }
      model.metrics().fallback(candidates.size());
      LOG.log(Level.WARNING, "Triton reranker failed ({0}: {1}); reranked in-process instead", new Object[] {e.kind(), e.getMessage()});
      List<Candidate> out = new ArrayList<>();
      for (Candidate c : fallback.rerank(query, candidates, k)) {
        Map<String, Double> marked = new LinkedHashMap<>(c.scores());
        marked.put(FALLBACK_MARK, 1.0);
        out.add(new Candidate(c.passage(), c.score(), marked));
      }
      return out;
    }
    List<Candidate> out = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      out.add(candidates.get(i).withScore(name(), scores[i]));
    }
    return Candidate.top(out, k);
  }

  private float[] score(List<double[]> rows) {
    int n = rows.size();
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
    return s;
  }

  @Override
  public String toString() {
    return "TritonFusionReranker(" + model + ")";
  }
}
