package io.caravan.core.fusion;

import io.caravan.core.Candidate;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): {@code score(d) = sum over
 * lists of w_list / (rankConstant + rank(d))}, ranks from 1. Needs no score calibration between
 * lists, which is why it is the default for mixing BM25 with dense scores and for fusing sub-queries.
 */
public final class ReciprocalRankFusion implements RankFusion {

  public static final int DEFAULT_RANK_CONSTANT = 60;

  private final int rankConstant;
  private final Map<String, Double> weights;

  public ReciprocalRankFusion(int rankConstant, Map<String, Double> weights) {
    if (rankConstant < 0) {
      throw new IllegalArgumentException("rankConstant must not be negative");
    }
    this.rankConstant = rankConstant;
    this.weights = Map.copyOf(weights);
  }

  public ReciprocalRankFusion() {
    this(DEFAULT_RANK_CONSTANT, Map.of());
  }

  @Override
  public String name() {
    return "rrf";
  }

  @Override
  public List<Candidate> fuse(Map<String, List<Candidate>> rankings, int k) {
    FusedList fused = new FusedList();
    rankings.forEach(
        (list, candidates) -> {
          double w = weights.getOrDefault(list, 1.0);
          for (int i = 0; i < candidates.size(); i++) {
            fused.add(candidates.get(i), w / (rankConstant + i + 1));
          }
        });
    return fused.top(name(), k);
  }

  @Override
  public String toString() {
    return "ReciprocalRankFusion(k=" + rankConstant + ", weights=" + weights + ")";
  }
}
