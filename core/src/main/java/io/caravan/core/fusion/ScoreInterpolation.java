package io.caravan.core.fusion;

import io.caravan.core.Candidate;
import java.util.List;
import java.util.Map;

/**
 * Convex combination of min-max normalised scores: {@code score(d) = sum over lists of w_list *
 * (s - min) / (max - min)}, a candidate absent from a list contributing 0 for it. This is the
 * dense/sparse interpolation of the hybrid retrieval literature; unlike RRF it keeps the size of
 * score gaps, so it needs weights tuned per encoder. A list whose scores are all equal contributes
 * its full weight to each of its candidates.
 */
public final class ScoreInterpolation implements RankFusion {

  private final Map<String, Double> weights;

  public ScoreInterpolation(Map<String, Double> weights) {
    weights.forEach(
        (k, v) -> {
          if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("weight for " + k + " must be finite and >= 0, was " + v);
          }
        });
    this.weights = Map.copyOf(weights);
  }

  @Override
  public String name() {
    return "interpolated";
  }

  @Override
  public List<Candidate> fuse(Map<String, List<Candidate>> rankings, int k) {
    FusedList fused = new FusedList();
    rankings.forEach(
        (list, candidates) -> {
          double w = weights.getOrDefault(list, 1.0);
          double min = Double.POSITIVE_INFINITY;
          double max = Double.NEGATIVE_INFINITY;
          for (Candidate c : candidates) {
            min = Math.min(min, c.score());
            max = Math.max(max, c.score());
          }
          double range = max - min;
          for (Candidate c : candidates) {
            double norm = range > 0 ? (c.score() - min) / range : 1.0;
            fused.add(c, w * norm);
          }
        });
    return fused.top(name(), k);
  }

  @Override
  public String toString() {
    return "ScoreInterpolation(weights=" + weights + ")";
  }
}
