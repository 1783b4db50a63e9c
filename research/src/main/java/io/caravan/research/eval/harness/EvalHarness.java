package io.caravan.research.eval.harness;

import io.caravan.core.RagState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Runs a task's queries one after another through a {@link QueryRunner}, scores each, records each
 * result in the {@link Checkpoint} before moving on, and aggregates an {@link EvalReport}.
 *
 * <p>Queries already in the checkpoint are not run again, so an interrupted run (Ctrl-C, a crash, a
 * thread interrupt, which stops it between queries) resumes with the next query. Queries run
 * sequentially: latency then measures one request on an otherwise idle system, which is what the
 * percentiles should mean. A query the system fails on is recorded with its error and the run goes
 * on. Cost: one process run per query plus one checkpoint write.
 */
public final class EvalHarness {

  private final EvalTask task;
  private final QueryRunner runner;
  private final Checkpoint checkpoint;
  private final EvalProgress progress;

  public EvalHarness(EvalTask task, QueryRunner runner, Checkpoint checkpoint, EvalProgress progress) {
    this.task = Objects.requireNonNull(task, "task");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** Number of the given queries still to run. */
  public int pending(List<EvalQuery> queries) {
    Map<String, QueryResult> done = checkpoint.completed();
    return (int) queries.stream().filter(q -> !done.containsKey(q.id())).count();
  }

  /**
   * Runs what the checkpoint lacks of {@code queries} and reports on all of them.
   *
   * @throws CancellationException when the thread is interrupted; everything finished is kept
   */
  public EvalReport run(EvalReport.RunInfo info, List<EvalQuery> queries) throws IOException {
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("the dataset has no queries to evaluate");
    }
    List<QueryResult> results = new ArrayList<>(queries.size());
    int pending = pending(queries);
    int ran = 0;
    progress.onProgress(0, pending);
    for (EvalQuery q : queries) {
      QueryResult r = checkpoint.completed().get(q.id());
      if (r == null) {
        if (Thread.interrupted()) {
          throw new CancellationException("interrupted with " + (pending - ran) + " of " + queries.size() + " queries left; run again to resume");
        }
        r = runOne(q);
        checkpoint.append(r);
        progress.onProgress(++ran, pending);
      }
      results.add(r);
    }
    EvalReport report = EvalReport.of(info, task.metricNames(), results);
    Map<String, Double> corpus = task.corpusMetrics(results);
    return corpus.isEmpty() ? report : report.withMetrics(corpus);
  }

  private QueryResult runOne(EvalQuery q) {
    long t0 = System.nanoTime();
    RagState state;
    try {
      state = runner.run(task.query(q));
    } catch (RuntimeException e) {
      return QueryResult.failure(q.id(), (System.nanoTime() - t0) / 1e6, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    return QueryResult.of(q.id(), task.score(q, state), ms, state);
  }
}
