package io.caravan.server;

import io.caravan.processes.RunDeadline;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Load shedding for queries, in two places. On the event loop, before any worker thread is taken,
 * a request is {@linkplain #admit admitted} while fewer than {@code maxInFlight + maxQueued}
 * queries are admitted, else answered 429 at once: nothing queues without bound, neither here nor
 * in Vert.x's worker queue. On the worker, an admitted query {@linkplain #call waits} for one of
 * {@code maxInFlight} slots until its own deadline.
 *
 * <p>Why a slot count and not more threads: a query's largest cost is encoding it on the CPU, so
 * queries beyond the number of cores only share the cores and all finish later.
 */
public final class QueryAdmission {

  private final int maxInFlight;
  private final int maxQueued;
  private final AtomicInteger admitted = new AtomicInteger();
  private final Semaphore slots;
  private final AtomicLong refused = new AtomicLong();

  public QueryAdmission(int maxInFlight, int maxQueued) {
    if (maxInFlight < 1 || maxQueued < 0) {
      throw new IllegalArgumentException("maxInFlight must be positive and maxQueued not negative");
    }
    this.maxInFlight = maxInFlight;
    this.maxQueued = maxQueued;
    this.slots = new Semaphore(maxInFlight, true);
  }

  /** Admits one query, or returns null when {@code maxInFlight + maxQueued} are admitted already. */
  public Ticket admit() {
    int now = admitted.incrementAndGet();
    if (now > maxInFlight + maxQueued) {
      admitted.decrementAndGet();
      refused.incrementAndGet();
      return null;
    }
    return new Ticket();
  }

  /**
   * Runs {@code work} in a slot, waiting for one until {@code deadline}.
   *
   * @throws ApiException 504 when the deadline passes while waiting (nothing of {@code work} ran)
   */
  public <T> T call(RunDeadline deadline, Supplier<T> work) {
    Slot slot = slot(deadline);
    try {
      return work.get();
    } finally {
      slot.close();
    }
  }

  /** {@link #call} for work that returns nothing. */
  public void run(RunDeadline deadline, Runnable work) {
    Slot slot = slot(deadline);
    try {
      work.run();
    } finally {
      slot.close();
    }
  }

  private Slot slot(RunDeadline deadline) {
    long waitMs = Math.max(0, Duration.between(Instant.now(), deadline.expiresAt()).toMillis());
    try {
      if (!slots.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
        throw new ApiException(504, "deadline_exceeded", "the query waited " + waitMs + " ms for one of the " + maxInFlight
            + " query slots and its deadline passed before one was free; retry later or with a larger timeout_ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "interrupted", "the server is stopping");
    }
    return new Slot();
  }

  /** Queries admitted now, running and waiting. */
  public int admitted() {
    return admitted.get();
  }

  /** Queries refused since start. */
  public long refused() {
    return refused.get();
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  public int maxQueued() {
    return maxQueued;
  }

  /** An admitted query; released once, when its response ends or its connection closes, whichever comes first. */
  public final class Ticket {
    private final AtomicBoolean released = new AtomicBoolean();

    private Ticket() {}

    public void release() {
      if (released.compareAndSet(false, true)) {
        admitted.decrementAndGet();
      }
    }
  }

  /** A running query's slot. */
  private final class Slot {
    private final AtomicBoolean closed = new AtomicBoolean();

    private Slot() {}

    void close() {
      if (closed.compareAndSet(false, true)) {
        slots.release();
      }
    }
  }
}
