package io.caravan.research.eval.harness;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.document.Document;
import io.caravan.research.eval.qa.AnswerMetrics;
import io.caravan.research.eval.qa.HotpotQaDataset;
import io.caravan.research.eval.qa.HotpotQuestion;
import io.caravan.research.eval.qa.SupportingRecall;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HotpotQA (IRCoT format) over the pooled paragraph corpus: supporting-paragraph recall at k = 2, 5
 * and 10 (fraction of the supporting paragraphs found, {@code sp_recall@k}, and whether both were,
 * {@code sp_both@k}) over the paragraph ranking by best chunk, plus SQuAD exact match and token F1
 * of the answer against the gold answers. Each query asks for {@link #CHUNKS} chunks so that at
 * least ten paragraphs remain after merging chunks.
 */
public final class HotpotTask implements EvalTask {

  static final int CHUNKS = 20;
  private static final int[] KS = {2, 5, 10};

  private final Path file;
  private final HotpotQaDataset dataset;
  private final Map<String, HotpotQuestion> byId = new HashMap<>();

  public HotpotTask(Path file) throws IOException {
    this.file = file;
    this.dataset = HotpotQaDataset.read(file);
    for (HotpotQuestion q : dataset.questions()) {
      byId.put(q.id(), q);
    }
  }

  @Override
  public String format() {
    return "hotpot";
  }

  @Override
  public List<Path> corpusFiles() {
    return List.of(file);
  }

  @Override
  public List<Document> corpus() {
    return dataset.corpus();
  }

  @Override
  public List<EvalQuery> queries() {
    List<EvalQuery> out = new ArrayList<>();
    for (HotpotQuestion q : dataset.questions()) {
      out.add(EvalQuery.of(q.id(), q.text()));
    }
    return out;
  }

  @Override
  public List<String> metricNames() {
    List<String> names = new ArrayList<>();
    for (int k : KS) {
      names.add("sp_recall@" + k);
      names.add("sp_both@" + k);
    }
    names.add("answer_em");
    names.add("answer_f1");
    names.add("answer_acc");
    return names;
  }

  @Override
  public Query query(EvalQuery q) {
    return new Query(q.text(), CHUNKS, Map.of(), q.history());
  }

  @Override
  public Map<String, Double> score(EvalQuery q, RagState result) {
    HotpotQuestion question = byId.get(q.id());
    if (question == null) {
      throw new IllegalArgumentException("unknown HotpotQA question id " + q.id());
    }
    List<String> ranked = DocumentRanking.maxPassage(result.candidates(), KS[KS.length - 1]);
    SupportingRecall sr = SupportingRecall.of(question, ranked);
    Map<String, Double> m = new LinkedHashMap<>();
    for (int k : KS) {
      m.put("sp_recall@" + k, sr.recall(k));
      m.put("sp_both@" + k, sr.all(k));
    }
    String answer = result.answer() == null ? "" : result.answer().text();
    m.put("answer_em", AnswerMetrics.exactMatch(answer, question.answers()));
    m.put("answer_f1", AnswerMetrics.f1(answer, question.answers()));
    m.put("answer_acc", AnswerMetrics.containsAnswer(answer, question.answers()));
    return m;
  }
}
