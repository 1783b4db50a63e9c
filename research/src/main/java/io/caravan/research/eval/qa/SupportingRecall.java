package io.caravan.research.eval.qa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a question's supporting paragraphs landed in a ranked list: {@code ranks.get(i)} is the
 * 1-based rank of {@code supportingIds.get(i)} (its first occurrence), or 0 when it is absent. From
 * the ranks follow, for any k, whether each paragraph was found, the recall (fraction found) and
 * whether all were found ("both" for HotpotQA's two supporting paragraphs).
 *
 * <p>Cost: one pass over the ranked list.
 */
public record SupportingRecall(List<String> supportingIds, List<Integer> ranks) {

  public SupportingRecall {
    supportingIds = List.copyOf(supportingIds);
    ranks = List.copyOf(ranks);
    if (supportingIds.isEmpty()) {
      throw new IllegalArgumentException("a question needs at least one supporting paragraph");
    }
    if (supportingIds.size() != ranks.size()) {
      throw new IllegalArgumentException("one rank per supporting paragraph: " + supportingIds.size() + " ids, " + ranks.size() + " ranks");
    }
  }

  public static SupportingRecall of(List<String> supportingIds, List<String> ranked) {
    Map<String, Integer> firstRank = new HashMap<>();
    for (int i = 0; i < ranked.size(); i++) {
      firstRank.putIfAbsent(ranked.get(i), i + 1);
    }
    List<Integer> ranks = new ArrayList<>(supportingIds.size());
    for (String id : supportingIds) {
      ranks.add(firstRank.getOrDefault(id, 0));
    }
    return new SupportingRecall(supportingIds, ranks);
  }

  public static SupportingRecall of(HotpotQuestion question, List<String> ranked) {
    return of(question.supportingDocIds(), ranked);
  }

  /** Whether supporting paragraph {@code i} is within the top {@code k}. */
  public boolean found(int i, int k) {
    requirePositive(k);
    int rank = ranks.get(i);
    return rank > 0 && rank <= k;
  }

  /** Fraction of the supporting paragraphs within the top {@code k}. */
  public double recall(int k) {
    int hits = 0;
    for (int i = 0; i < ranks.size(); i++) {
      if (found(i, k)) {
        hits++;
      }
    }
    return hits / (double) ranks.size();
  }

  /** 1 when every supporting paragraph is within the top {@code k}, else 0. */
  public double all(int k) {
    return recall(k) == 1.0 ? 1 : 0;
  }

  private static void requirePositive(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, was " + k);
    }
  }
}
