package io.caravan.ingest;

/**
 * Told after each document is resolved (added, updated, skipped or failed), and once with
 * {@code done == 0} before the first, so a CLI can draw a progress bar. Called on the ingesting
 * thread: keep it cheap.
 */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (done, total) -> { };

  void onProgress(int done, int total);
}
