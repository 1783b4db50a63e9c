package io.caravan.connectors.triton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Merges items submitted concurrently by many threads into batches for one server call: a
 * dispatcher takes the first waiting item, then keeps collecting until {@code maxBatch} items or
 * until {@code window} has passed since the first, and hands the batch to one of {@code
 * maxConcurrency} workers. When all workers are busy the dispatcher waits for one, so under load
 * batches fill up instead of calls piling up (the concurrency bound is also the back-pressure).
 *
 * <p>Cost when idle: one parked thread. Latency added to a lone request: at most {@code window}.
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

  private record Pending<I, O>(I item, CompletableFuture<O> result) {}

  private final Function<List<I>, List<O>> call;
  private final long windowNanos;
  private final int maxBatch;
  private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
  private final Semaphore workers;
  private final ExecutorService pool;
  private final Thread dispatcher;
  private volatile boolean closed;

  /**
   * @param call sends one batch and returns one result per item, in order; an exception fails every
   *     item of that batch
   */
  public MicroBatcher(String name, Function<List<I>, List<O>> call, Duration window, int maxBatch, int maxConcurrency) {
    this.call = Objects.requireNonNull(call, "call");
    this.windowNanos = window.toNanos();
    this.maxBatch = maxBatch;
    this.workers = new Semaphore(maxConcurrency);
    this.pool =
        Executors.newFixedThreadPool(
            maxConcurrency,
            r -> {
              Thread t = new Thread(r, name + "-call");
              t.setDaemon(true);
              return t;
            });
    this.dispatcher = new Thread(this::dispatch, name + "-batcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  /** Queues one item; the future completes with its result or the batch's failure. */
  public CompletableFuture<O> submit(I item) {
    CompletableFuture<O> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new IllegalStateException("batcher is closed"));
      return f;
    }
    queue.add(new Pending<>(item, f));
    return f;
  }

  private void dispatch() {
    try {
      while (!closed) {
        Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        batch.add(first);
        long deadline = System.nanoTime() + windowNanos;
        while (batch.size() < maxBatch) {
          long left = deadline - System.nanoTime();
          Pending<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        workers.acquire();
        // items that arrived while every worker was busy join this batch
        while (batch.size() < maxBatch) {
          Pending<I, O> next = queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        pool.execute(() -> run(batch));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Pending<I, O>> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(p -> p.result().completeExceptionally(new IllegalStateException("batcher closed")));
  }

  private void run(List<Pending<I, O>> batch) {
    try {
      List<I> items = new ArrayList<>(batch.size());
      batch.forEach(p -> items.add(p.item()));
      List<O> results = call.apply(items);
      if (results.size() != batch.size()) {
        throw new IllegalStateException("batch call returned " + results.size() + " results for " + batch.size() + " items");
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(results.get(i));
      }
    } catch (RuntimeException | Error e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
    } finally {
      workers.release();
    }
  }

  @Override
  public void close() {
    closed = true;
    dispatcher.interrupt();
    pool.shutdown();
    try {
      dispatcher.join(1000);
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
