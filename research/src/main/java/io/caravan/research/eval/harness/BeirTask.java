package io.caravan.research.eval.harness;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.document.Document;
import io.caravan.research.eval.BeirDataset;
import io.caravan.research.eval.Qrels;
import io.caravan.research.eval.RetrievalMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BEIR dataset scored as BEIR scores it: nDCG@10, Recall@10/100, MRR@10 and MAP@100 with
 * trec_eval's definitions over the document ranking by best chunk. Each query asks for {@link
 * #CHUNKS} chunks so that, with documents split into a few chunks, at least 100 documents remain to
 * judge Recall@100 and MAP@100 (Recall@1, 5, 20 and 50 are reported too, for the recall@k curve). Queries whose judgements hold no relevant document are left out, as
 * trec_eval leaves them out.
 */
public final class BeirTask implements EvalTask {

  /** Chunks asked for per query: the retrieve step fetches at least this many, the rerank step keeps them. */
  public static final int CHUNKS = 200;

  static final int DOCUMENTS = 100;

  /** Further recall cut-offs, for the recall@k curve beside the report. */
  private static final int[] CURVE = {1, 5, 20, 50};

  private final BeirDataset dataset;
  private final String split;
  private final Qrels qrels;

  public BeirTask(Path dir, String split) throws IOException {
    this.dataset = new BeirDataset(dir);
    this.split = split;
    this.qrels = dataset.qrels(split);
  }

  @Override
  public String format() {
    return "beir";
  }

  @Override
  public List<Path> corpusFiles() {
    return List.of(dataset.corpusFile());
  }

  @Override
  public List<Document> corpus() throws IOException {
    List<Document> docs = new ArrayList<>();
    dataset.forEachDocument(docs::add);
    return docs;
  }

  @Override
  public List<EvalQuery> queries() throws IOException {
    List<EvalQuery> out = new ArrayList<>();
    for (Map.Entry<String, String> e : dataset.queries(split).entrySet()) {
      if (RetrievalMetrics.hasRelevant(qrels.of(e.getKey()))) {
        out.add(EvalQuery.of(e.getKey(), e.getValue()));
      }
    }
    return out;
  }

  @Override
  public List<String> metricNames() {
    return List.of("ndcg@10", "recall@10", "recall@100", "mrr@10", "map@100", "recall@1", "recall@5", "recall@20", "recall@50");
  }

  @Override
  public Query query(EvalQuery q) {
    return new Query(q.text(), CHUNKS, Map.of(), q.history());
  }

  @Override
  public Map<String, Double> score(EvalQuery q, RagState result) {
    List<String> ranked = DocumentRanking.maxPassage(result.candidates(), DOCUMENTS);
    Map<String, Integer> judged = qrels.of(q.id());
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("ndcg@10", RetrievalMetrics.ndcg(ranked, judged, 10));
    m.put("recall@10", RetrievalMetrics.recall(ranked, judged, 10));
    m.put("recall@100", RetrievalMetrics.recall(ranked, judged, 100));
    m.put("mrr@10", RetrievalMetrics.reciprocalRank(ranked, judged, 10));
    m.put("map@100", RetrievalMetrics.averagePrecision(ranked, judged, 100));
    for (int k : CURVE) {
      m.put("recall@" + k, RetrievalMetrics.recall(ranked, judged, k));
    }
    return m;
  }
}
