package io.caravan.research.eval.harness;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.document.Document;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One benchmark format as the harness sees it: the corpus to index, the queries, and how to score
 * what the system returned for one query. Implementations read their files when built and fail
 * there, with the file named, so a bad dataset is reported before any indexing starts.
 */
public interface EvalTask {

  /** The format name as the command line spells it ({@code beir}, {@code hotpot}, ...). */
  String format();

  /** The files the corpus comes from; the index cache is keyed on them. Empty when {@link #needsIndex()} is false. */
  List<Path> corpusFiles();

  /** Whether queries are answered from an index of {@link #corpus()} (false: the task scores something else, e.g. rewrites). */
  default boolean needsIndex() {
    return true;
  }

  List<Document> corpus() throws IOException;

  List<EvalQuery> queries() throws IOException;

  /** Metric names in the order reports show them. */
  List<String> metricNames();

  /** The query sent to the system: the task decides how many passages it needs to score. */
  Query query(EvalQuery q);

  /** Per-query metrics from the state the system returned; every name in {@link #metricNames()}. */
  Map<String, Double> score(EvalQuery q, RagState result);

  /**
   * The runner for {@code process}: by default the system's own (a BPMN process). A task may offer
   * built-in baselines under reserved names, or refuse processes it cannot score.
   *
   * @throws IllegalArgumentException when this task cannot evaluate {@code process}
   */
  default QueryRunner runnerFor(String process, QueryRunner system) {
    return system;
  }

  /** Whether {@code process} is one of this task's built-in baselines (which need no deployed process). */
  default boolean isBuiltIn(String process) {
    return false;
  }

  /**
   * Metrics over the whole run that are not means of per-query values (corpus BLEU), added to the
   * report's metrics; empty by default, and empty when the task cannot compute them for this run.
   */
  default Map<String, Double> corpusMetrics(List<QueryResult> results) {
    return Map.of();
  }
}
