package io.caravan.research.eval.harness;

import io.caravan.core.Decision;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.document.Document;
import io.caravan.policies.tools.ToolRetrievalPolicy;
import io.caravan.research.eval.tools.Tool;
import io.caravan.research.eval.tools.ToolBenchmark;
import io.caravan.research.eval.tools.ToolMetrics;
import io.caravan.research.eval.tools.ToolQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool retrieval (MTRB, MetaTool): the catalogue is the corpus, one document per tool (title: its
 * name, text: its description), and the ranking of tool ids by best chunk is scored with Recall@5
 * and @10, nDCG@5 and Sufficiency@5 and @10 (all gold tools within the top k).
 *
 * <p>{@code k} and {@code sufficiency@k} score the number of tools actually handed over: the
 * {@value #CUT_POLICY} decision's k where the process made one (the {@code tool-search} and {@code
 * tool-agent} processes' adaptive cut), otherwise a fixed {@value #TOOLS}. Sufficiency at a smaller
 * mean k is the point of cutting adaptively.
 */
public final class ToolTask implements EvalTask {

  static final int CHUNKS = 30;
  private static final int TOOLS = 10;
  /** The policy whose decision says how many tools were handed over (its payload, k). */
  static final String CUT_POLICY = ToolRetrievalPolicy.NAME;

  private final ToolBenchmark benchmark;
  private final List<Path> files;
  private final Map<String, ToolQuery> byId = new HashMap<>();

  public ToolTask(ToolBenchmark benchmark, List<Path> files) {
    this.benchmark = benchmark;
    this.files = List.copyOf(files);
    for (ToolQuery q : benchmark.queries()) {
      byId.put(q.id(), q);
    }
  }

  @Override
  public String format() {
    return "tools";
  }

  @Override
  public List<Path> corpusFiles() {
    return files;
  }

  @Override
  public List<Document> corpus() {
    List<Document> docs = new ArrayList<>();
    for (Tool t : benchmark.catalog().tools()) {
      String text = t.description().isBlank() ? t.name() : t.description();
      docs.add(new Document(t.id(), t.name(), text, Map.of("benchmark", benchmark.name()), benchmark.name()));
    }
    return docs;
  }

  @Override
  public List<EvalQuery> queries() {
    List<EvalQuery> out = new ArrayList<>();
    for (ToolQuery q : benchmark.queries()) {
      out.add(EvalQuery.of(q.id(), q.text()));
    }
    return out;
  }

  @Override
  public List<String> metricNames() {
    return List.of("recall@5", "recall@10", "ndcg@5", "sufficiency@5", "sufficiency@10", "k", "sufficiency@k");
  }

  @Override
  public Query query(EvalQuery q) {
    return new Query(q.text(), CHUNKS, Map.of(), q.history());
  }

  @Override
  public Map<String, Double> score(EvalQuery q, RagState result) {
    ToolQuery tq = byId.get(q.id());
    if (tq == null) {
      throw new IllegalArgumentException("unknown tool query id " + q.id());
    }
    List<String> ranked = DocumentRanking.maxPassage(result.candidates(), TOOLS);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("recall@5", ToolMetrics.recall(ranked, tq.goldToolIds(), 5));
    m.put("recall@10", ToolMetrics.recall(ranked, tq.goldToolIds(), 10));
    m.put("ndcg@5", ToolMetrics.ndcg(ranked, tq.goldToolIds(), 5));
    m.put("sufficiency@5", ToolMetrics.sufficiency(ranked, tq.goldToolIds(), 5));
    m.put("sufficiency@10", ToolMetrics.sufficiency(ranked, tq.goldToolIds(), 10));
    int k = handedOver(result);
    m.put("k", (double) k);
    m.put("sufficiency@k", k == 0 ? 0.0 : ToolMetrics.sufficiency(DocumentRanking.maxPassage(result.candidates(), k), tq.goldToolIds(), k));
    return m;
  }

  private static int handedOver(RagState result) {
    return result.get(ToolRetrievalPolicy.DECISION).map(Decision::payload).orElse(TOOLS);
  }
}
