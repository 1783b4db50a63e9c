package io.caravan.core.spi;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one fallback rule the fallback decorators ({@link FallbackEncoder}, the learned-fusion
 * reranker's fallback scorer) share: call the primary; when it fails with an error {@code
 * recoverable} accepts (a remote model that stays down after its own retries, say), let the
 * secondary serve the call, count it, and tell the listener. Any other error (bad input, a bug) goes
 * to the caller unchanged: the secondary would fail on it too, or hide it. When the secondary fails
 * as well, its error goes to the caller with the primary's attached as suppressed.
 *
 * <p>Thread-safe. Cost when the primary answers: one try block.
 */
public final class Fallback {

  /** Told of each call the secondary served instead of the primary. */
  @FunctionalInterface
  public interface Listener {
    /** @param items how many items (texts, candidates) the call carried */
    void fellBack(RuntimeException cause, int items);
  }

  private final Predicate<? super RuntimeException> recoverable;
  private final Listener listener;
  private final LongAdder calls = new LongAdder();

  public Fallback(Predicate<? super RuntimeException> recoverable, Listener listener) {
    this.recoverable = Objects.requireNonNull(recoverable, "recoverable");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The primary's answer, or the secondary's when the primary failed recoverably. */
  public <T> T call(Supplier<? extends T> primary, Supplier<? extends T> secondary, int items) {
    try {
      return primary.get();
    } catch (RuntimeException e) {
      if (!recoverable.test(e)) {
        throw e;
      }
      calls.increment();
      listener.fellBack(e, items);
      try {
        return secondary.get();
      } catch (RuntimeException s) {
        s.addSuppressed(e);
        throw s;
      }
    }
  }

  /** Calls the secondary served so far. */
  public long count() {
    return calls.sum();
  }
}
