package io.caravan.research.eval.tools;

import io.caravan.research.eval.RetrievalMetrics;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-query tool-retrieval metrics over a ranked list of tool ids, with binary relevance (a tool is
 * gold or not):
 *
 * <ul>
 *   <li>Recall@k: gold tools in the top k over all gold tools.
 *   <li>nDCG@k: trec_eval's {@code ndcg_cut_k} with every gold tool at grade 1 (computed by {@link
 *       RetrievalMetrics#ndcg}), so DCG sums 1/log2(rank+1) over gold hits and the ideal places
 *       min(k, |gold|) hits first.
 *   <li>Sufficiency@k (MTRB): 1 if every gold tool is in the top k, else 0; a query needing several
 *       tools only succeeds when the retriever hands over all of them.
 * </ul>
 *
 * Each call is O(k + |gold|). A ranked list that repeats an id is rejected, since a repeated gold
 * tool would otherwise count twice.
 */
public final class ToolMetrics {

  private ToolMetrics() {}

  public static double recall(List<String> ranked, Set<String> gold, int k) {
    check(ranked, gold, k);
    return hits(ranked, gold, k) / (double) gold.size();
  }

  public static double ndcg(List<String> ranked, Set<String> gold, int k) {
    check(ranked, gold, k);
    Map<String, Integer> judged = new LinkedHashMap<>();
    for (String g : gold) {
      judged.put(g, 1);
    }
    return RetrievalMetrics.ndcg(ranked, judged, k);
  }

  public static double sufficiency(List<String> ranked, Set<String> gold, int k) {
    check(ranked, gold, k);
    return hits(ranked, gold, k) == gold.size() ? 1 : 0;
  }

  private static int hits(List<String> ranked, Set<String> gold, int k) {
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (gold.contains(ranked.get(i))) {
        hits++;
      }
    }
    return hits;
  }

  private static void check(List<String> ranked, Set<String> gold, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (gold == null || gold.isEmpty()) {
      throw new IllegalArgumentException("a query needs at least one gold tool to be scored");
    }
    if (ranked == null) {
      throw new IllegalArgumentException("ranked list must not be null");
    }
    Set<String> seen = new HashSet<>();
    for (String id : ranked) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException("ranked list repeats tool id " + id);
      }
    }
  }
}
