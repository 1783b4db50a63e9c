package io.caravan.routes.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A directory the file route polls. {@code pollDelay} is the pause between scans; {@code settleTime}
 * is how long a file must go unmodified before it is read, so a file still being copied in is not
 * ingested half-written.
 */
public record WatchedDirectory(Path directory, Duration pollDelay, Duration settleTime) {

  public WatchedDirectory {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(pollDelay, "pollDelay");
    Objects.requireNonNull(settleTime, "settleTime");
    if (pollDelay.toMillis() < 1) {
      throw new IllegalArgumentException("pollDelay must be at least 1 ms, was " + pollDelay);
    }
    if (settleTime.toMillis() < 1) {
      throw new IllegalArgumentException("settleTime must be at least 1 ms, was " + settleTime);
    }
    directory = directory.toAbsolutePath().normalize();
    if (directory.toString().contains("?")) {
      throw new IllegalArgumentException("cannot watch a directory whose path contains '?' (it would end the file URI): " + directory);
    }
  }

  /** Scan every 2 s; read files untouched for 1 s. */
  public static WatchedDirectory of(Path directory) {
    return new WatchedDirectory(directory, Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  /**
   * The camel-file URI. {@code noop} leaves files where they are (the directory is the user's, not
   * a queue); the idempotent key includes size and modification time so an edited file is read
   * again; {@code readLock=changed} with {@code readLockMinAge} takes a file once it has been still
   * for {@code settleTime}, without a marker file (the directory may be read-only) and including
   * empty files (which then get a clear dead letter instead of being ignored forever).
   */
  String fileUri() {
    long settle = settleTime.toMillis();
    long check = Math.max(10, Math.min(1000, settle / 4));
    return "file:" + directory
        + "?noop=true&recursive=true"
        + "&idempotent=true&idempotentKey=${file:absolute.path}-${file:size}-${file:modified}"
        + "&readLock=changed&readLockMarkerFile=false&readLockMinLength=0"
        + "&readLockMinAge=" + settle
        + "&readLockCheckInterval=" + check
        + "&readLockTimeout=" + (settle + 10_000)
        + "&initialDelay=0&delay=" + pollDelay.toMillis();
  }
}
