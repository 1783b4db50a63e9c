package io.caravan.connectors.triton;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts per model call: calls, items sent (the batch sizes), failures by transience, retries,
 * breaker refusals, fallbacks, the latency of the last {@value #WINDOW} calls for percentiles and of
 * all calls in total.
 * Readable at any time as an immutable {@link Snapshot}. Cost: a few atomic adds and one short lock
 * per call.
 */
public final class ModelMetrics {

  static final int WINDOW = 4096;

  private final String model;
  private final LongAdder calls = new LongAdder();
  private final LongAdder items = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder latencyTotalNanos = new LongAdder();
  private final TreeMap<Integer, Long> batchSizes = new TreeMap<>();
  private final long[] latencyNanos = new long[WINDOW];
  private long recorded;
  private int maxBatch;

  public ModelMetrics(String model) {
    this.model = model;
  }

  /** A successful call carrying {@code batch} items that took {@code nanos}. */
  void call(int batch, long nanos) {
    calls.increment();
    items.add(batch);
    latencyTotalNanos.add(nanos);
    synchronized (this) {
      batchSizes.merge(batch, 1L, Long::sum);
      maxBatch = Math.max(maxBatch, batch);
      latencyNanos[(int) (recorded++ % WINDOW)] = nanos;
    }
  }

  void failure() {
    failures.increment();
  }

  void retry() {
    retries.increment();
  }

  void refused() {
    refused.increment();
  }

  /** Items served by the fallback instead of this model. */
  public void fallback(int count) {
    fallbacks.add(count);
  }

  public String model() {
    return model;
  }

  /** Successful calls so far; read without the lock, for a metrics registry to poll. */
  public long calls() {
    return calls.sum();
  }

  /** Time the successful calls took, client side, in all. */
  public long latencyTotalNanos() {
    return latencyTotalNanos.sum();
  }

  public long items() {
    return items.sum();
  }

  public long failures() {
    return failures.sum();
  }

  public long retries() {
    return retries.sum();
  }

  public long refusedByBreaker() {
    return refused.sum();
  }

  public long fallbacks() {
    return fallbacks.sum();
  }

  /** The figures so far. */
  public Snapshot snapshot() {
    long[] lat;
    Map<Integer, Long> sizes;
    int max;
    synchronized (this) {
      lat = Arrays.copyOf(latencyNanos, (int) Math.min(recorded, WINDOW));
      sizes = new TreeMap<>(batchSizes);
      max = maxBatch;
    }
    Arrays.sort(lat);
    return new Snapshot(
        model, calls.sum(), items.sum(), failures.sum(), retries.sum(), refused.sum(), fallbacks.sum(), max, sizes,
        percentileMs(lat, 0.50), percentileMs(lat, 0.95));
  }

  private static double percentileMs(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, i)] / 1e6;
  }

  /**
   * @param calls successful server calls
   * @param items items those calls carried; {@code items / calls} is the mean batch size
   * @param batchSizes how many calls carried each batch size
   * @param p50Ms median call latency over the last calls, client side, in milliseconds
   */
  public record Snapshot(
      String model, long calls, long items, long failures, long retries, long refusedByBreaker, long fallbacks,
      int maxBatch, Map<Integer, Long> batchSizes, double p50Ms, double p95Ms) {
    public Snapshot {
      batchSizes = Map.copyOf(batchSizes);
    }

    public double meanBatch() {
      return calls == 0 ? 0 : (double) items / calls;
    }

    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "%s: calls=%d items=%d meanBatch=%.2f maxBatch=%d failures=%d retries=%d refused=%d fallbacks=%d p50=%.2fms p95=%.2fms",
          model, calls, items, meanBatch(), maxBatch, failures, retries, refusedByBreaker, fallbacks, p50Ms, p95Ms);
    }
  }
}
