package io.caravan.research.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Per-query retrieval metrics with trec_eval's definitions (the ones BEIR and Anserini report):
 *
 * <ul>
 *   <li>{@code ndcg_cut_k}: gain = the judged grade (linear, negatives as 0), discount log2(rank + 1);
 *       the ideal ranking is all judged grades sorted descending, cut at k.
 *   <li>{@code recall_k}: relevant (grade &gt; 0) documents in the top k over all relevant ones.
 *   <li>{@code recip_rank} cut at k: 1 / rank of the first relevant document in the top k.
 *   <li>{@code map_cut_k}: sum of precision at each relevant document's rank within the top k, over
 *       all relevant ones.
 * </ul>
 *
 * The run is ranked as trec_eval ranks it: by score descending, ties by document id descending.
 * Queries without any relevant document are not scored (trec_eval skips them too).
 */
public final class RetrievalMetrics {

  private RetrievalMetrics() {}

  /** One ranked document of a run. */
  public record Scored(String docId, double score) {}

  /** Sorts a run the way trec_eval does. */
  public static List<String> trecOrder(List<Scored> run) {
    List<Scored> sorted = new ArrayList<>(run);
    sorted.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::docId, Comparator.reverseOrder()));
    List<String> ids = new ArrayList<>(sorted.size());
    for (Scored s : sorted) {
      ids.add(s.docId());
    }
    return ids;
  }

  public static double ndcg(List<String> ranked, Map<String, Integer> judged, int k) {
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      dcg += gain(judged.get(ranked.get(i))) / log2(i + 2);
    }
    List<Integer> grades = new ArrayList<>(judged.values());
    grades.sort(Comparator.reverseOrder());
    double ideal = 0;
    for (int i = 0; i < Math.min(k, grades.size()); i++) {
      ideal += gain(grades.get(i)) / log2(i + 2);
    }
    return ideal == 0 ? 0 : dcg / ideal;
  }

  public static double recall(List<String> ranked, Map<String, Integer> judged, int k) {
    long relevant = relevantCount(judged);
    if (relevant == 0) {
      return 0;
    }
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (gain(judged.get(ranked.get(i))) > 0) {
        hits++;
      }
    }
    return hits / (double) relevant;
  }

  public static double reciprocalRank(List<String> ranked, Map<String, Integer> judged, int k) {
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (gain(judged.get(ranked.get(i))) > 0) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  public static double averagePrecision(List<String> ranked, Map<String, Integer> judged, int k) {
    long relevant = relevantCount(judged);
    if (relevant == 0) {
      return 0;
    }
    double sum = 0;
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (gain(judged.get(ranked.get(i))) > 0) {
        hits++;
        sum += hits / (double) (i + 1);
      }
    }
    return sum / relevant;
  }

  public static boolean hasRelevant(Map<String, Integer> judged) {
    return relevantCount(judged) > 0;
  }

  private static long relevantCount(Map<String, Integer> judged) {
    return judged.values().stream().filter(g -> g != null && g > 0).count();
  }

  private static double gain(Integer grade) {
    return grade == null || grade < 0 ? 0 : grade;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
