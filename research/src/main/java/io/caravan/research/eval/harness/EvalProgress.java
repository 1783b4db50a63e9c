package io.caravan.research.eval.harness;

/**
 * Told {@code (0, pending)} before the first query and after each query run, counting only the queries
 * the checkpoint lacked, so a rate and ETA drawn from it describe the work left. Called on the
 * evaluating thread.
 */
@FunctionalInterface
public interface EvalProgress {

  EvalProgress NONE = (done, total) -> { };

  void onProgress(int done, int total);
}
