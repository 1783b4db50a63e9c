package io.caravan.policies;

import io.caravan.core.Candidate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Post-retrieval uncertainty signals read off a ranked list's scores, the inputs of "retrieve only
 * when uncertain" policies (L-RAG, When to Retrieve) and of query performance prediction:
 *
 * <ul>
 *   <li>{@code gap}: top-1 minus top-2 score over the top-1 score's magnitude; a clear winner has a
 *       large gap.
 *   <li>{@code entropy}: Shannon entropy of the softmax of the top-k scores, divided by log(k), so
 *       1 means the scores cannot tell the candidates apart and 0 means one candidate takes all.
 *   <li>{@code nqc}: normalised query commitment (Shtok et al.), the standard deviation of the top-k
 *       scores over the mean of all retrieved scores' magnitude; higher predicts a better ranking.
 * </ul>
 *
 * Cost: one pass over at most k scores. Scores must be comparable within the list (one stage).
 */
public record ScoreDistribution(int size, double top, double gap, double entropy, double nqc) {

  /** The signals of an empty list: nothing retrieved, maximal uncertainty. */
  public static final ScoreDistribution EMPTY = new ScoreDistribution(0, 0, 0, 1, 0);

  public static ScoreDistribution of(List<Candidate> ranked, int k, double temperature) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, was " + k);
    }
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive, was " + temperature);
    }
    int n = Math.min(k, ranked.size());
    if (n == 0) {
      return EMPTY;
    }
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = ranked.get(i).score();
    }
    double top = s[0];
    double gap = n == 1 ? 1.0 : (s[0] - s[1]) / Math.max(Math.abs(s[0]), 1e-12);
    return new ScoreDistribution(n, top, gap, normalisedEntropy(s, temperature), nqc(s));
  }

  private static double normalisedEntropy(double[] s, double temperature) {
    if (s.length == 1) {
      return 0;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) {
      max = Math.max(max, v);
    }
    double z = 0;
    double[] p = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      p[i] = Math.exp((s[i] - max) / temperature); // shifted by the max: no overflow
      z += p[i];
    }
    double h = 0;
    for (double v : p) {
      double q = v / z;
      if (q > 0) {
        h -= q * Math.log(q);
      }
    }
    return h / Math.log(s.length);
  }

  private static double nqc(double[] s) {
    double mean = 0;
    for (double v : s) {
      mean += v;
    }
    mean /= s.length;
    double var = 0;
    for (double v : s) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(var / s.length);
    return sd / Math.max(Math.abs(mean), 1e-12);
  }

  /** As decision signals, rounded for reading. */
  public Map<String, Object> asSignals() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", size);
    m.put("top", round(top));
    m.put("gap", round(gap));
    m.put("entropy", round(entropy));
    m.put("nqc", round(nqc));
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
