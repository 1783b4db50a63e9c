package io.caravan.research.bench;

import io.caravan.research.eval.Qrels;
import io.caravan.research.eval.RetrievalMetrics;
import io.caravan.research.eval.RetrievalMetrics.Scored;
import java.util.List;
import java.util.Map;

/**
 * Mean nDCG@10, Recall@100 and MRR@10 (trec_eval definitions and tie order) over the queries that
 * have a relevant document, plus the mean wall time per query.
 */
public record MetricSet(double ndcg10, double recall100, double mrr10, int queries, double meanMillis) {

  public static MetricSet of(Map<String, List<Scored>> runs, Qrels qrels, double meanMillis) {
    double ndcg = 0;
    double recall = 0;
    double mrr = 0;
    int n = 0;
    for (Map.Entry<String, List<Scored>> e : runs.entrySet()) {
      Map<String, Integer> judged = qrels.of(e.getKey());
      if (!RetrievalMetrics.hasRelevant(judged)) {
        continue;
      }
      List<String> ranked = RetrievalMetrics.trecOrder(e.getValue());
      ndcg += RetrievalMetrics.ndcg(ranked, judged, 10);
      recall += RetrievalMetrics.recall(ranked, judged, 100);
      mrr += RetrievalMetrics.reciprocalRank(ranked, judged, 10);
      n++;
    }
    if (n == 0) {
      throw new IllegalArgumentException("no judged query with a relevant document among " + runs.size() + " runs");
    }
    return new MetricSet(ndcg / n, recall / n, mrr / n, n, meanMillis);
  }
}
