package io.caravan.research.eval.harness;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.Turn;
import io.caravan.core.AttributeKey;
import io.caravan.core.document.Document;
import io.caravan.core.step.RewriteStep;
import io.caravan.research.eval.qa.CanardDataset;
import io.caravan.research.eval.qa.CanardExample;
import io.caravan.research.eval.qa.CastTopics;
import io.caravan.research.eval.qa.RewriteMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CANARD question rewriting, no retrieval: the rewrite a process produces for a question in context
 * is scored against the human rewrite by token F1 and sentence BLEU ({@link RewriteMetrics}; the
 * report's BLEU is the mean of sentence BLEU, not corpus BLEU). The rewrite is read from the
 * returned state's {@link #REWRITE_ATTRIBUTE} attribute, or its query text when a rewrite step
 * replaced the query.
 *
 * <p>Two built-in baselines run without a process: {@value #RAW} (the question as asked) and
 * {@value #FULL_HISTORY} (the whole dialog, then the question). Any other name is a deployed process
 * (e.g. {@code conversational-rag}, whose rewrite step sets the attribute). The dialog reaches the
 * runner as turns: for CANARD the article and section titles with role {@code context}, then the
 * questions ({@code user}) and answers ({@code assistant}); for TREC CAsT ({@link #cast}) the
 * earlier utterances, all {@code user}.
 */
public final class CanardTask implements EvalTask {

  public static final String RAW = "raw-question";
  public static final String FULL_HISTORY = "full-history";
  public static final AttributeKey<String> REWRITE_ATTRIBUTE = RewriteStep.REWRITE;
  public static final String CORPUS_BLEU = "corpus_bleu";
  private static final int TITLES = 2;

  private final Path file;
  private final String format;
  private final int titles;
  private final List<CanardExample> examples;
  private final Map<String, CanardExample> byId = new HashMap<>();
  /** Rewrites scored in this run, by query id: corpus BLEU needs the texts, not per-query scores. */
  private final Map<String, String> produced = new java.util.concurrent.ConcurrentHashMap<>();

  public CanardTask(Path file) throws IOException {
    this(file, "canard", TITLES, CanardDataset.read(file));
  }

  /** TREC CAsT manual rewrites as a second reference set: no titles, the history is user turns. */
  public static CanardTask cast(Path file) throws IOException {
    return new CanardTask(file, "cast", 0, CastTopics.read(file));
  }

  private CanardTask(Path file, String format, int titles, List<CanardExample> examples) {
    this.file = file;
    this.format = format;
    this.titles = titles;
    this.examples = examples;
    for (CanardExample e : examples) {
      byId.put(id(e), e);
    }
  }

  private static String id(CanardExample e) {
    return e.dialogId() + "#" + e.questionNo();
  }

  @Override
  public String format() {
    return format;
  }

  @Override
  public List<Path> corpusFiles() {
    return List.of(file);
  }

  @Override
  public boolean needsIndex() {
    return false;
  }

  @Override
  public List<Document> corpus() {
    return List.of();
  }

  @Override
  public List<EvalQuery> queries() {
    List<EvalQuery> out = new ArrayList<>();
    for (CanardExample e : examples) {
      List<Turn> turns = new ArrayList<>();
      for (int i = 0; i < e.history().size(); i++) {
        String role = i < titles ? Turn.CONTEXT : titles == 0 || (i - titles) % 2 == 0 ? "user" : "assistant";
        turns.add(new Turn(role, e.history().get(i)));
      }
      out.add(new EvalQuery(id(e), e.question(), turns));
    }
    return out;
  }

  @Override
  public List<String> metricNames() {
    return List.of("token_f1", "bleu");
  }

  @Override
  public Query query(EvalQuery q) {
    return new Query(q.text(), Query.DEFAULT_K, Map.of(), q.history());
  }

  @Override
  public boolean isBuiltIn(String process) {
    return Set.of(RAW, FULL_HISTORY).contains(process);
  }

  @Override
  public QueryRunner runnerFor(String process, QueryRunner system) {
    return switch (process) {
      case RAW -> RagState::start;
      case FULL_HISTORY -> query -> {
        List<String> parts = new ArrayList<>();
        query.history().forEach(t -> parts.add(t.text()));
        parts.add(query.text());
        return RagState.start(query).with(REWRITE_ATTRIBUTE, String.join(" ", parts));
      };
      default -> system;
    };
  }

  @Override
  public Map<String, Double> score(EvalQuery q, RagState result) {
    CanardExample e = byId.get(q.id());
    if (e == null) {
      throw new IllegalArgumentException("unknown CANARD example id " + q.id());
    }
    String rewrite = result.get(REWRITE_ATTRIBUTE).orElse(result.query().text());
    produced.put(q.id(), rewrite);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("token_f1", RewriteMetrics.tokenF1(rewrite, e.rewrite()));
    m.put("bleu", RewriteMetrics.sentenceBleu(rewrite, e.rewrite()));
    return m;
  }

  /**
   * {@value #CORPUS_BLEU}: corpus BLEU-4 ({@link RewriteMetrics#corpusBleu}) over the queries that
   * did not fail, the figure papers report; the {@code bleu} metric is the mean of sentence BLEU.
   * Left out when part of the run was scored by an earlier session (a resumed checkpoint keeps
   * scores, not rewrite texts).
   */
  @Override
  public Map<String, Double> corpusMetrics(List<QueryResult> results) {
    List<String> candidates = new ArrayList<>();
    List<String> references = new ArrayList<>();
    for (QueryResult r : results) {
      if (r.failed()) {
        continue;
      }
      String rewrite = produced.get(r.id());
      CanardExample e = byId.get(r.id());
      if (rewrite == null || e == null) {
        return Map.of();
      }
      candidates.add(rewrite);
      references.add(e.rewrite());
    }
    return candidates.isEmpty() ? Map.of() : Map.of(CORPUS_BLEU, RewriteMetrics.corpusBleu(candidates, references));
  }
}
