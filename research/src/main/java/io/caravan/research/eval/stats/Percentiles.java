package io.caravan.research.eval.stats;

import java.util.Arrays;

/**
 * Percentiles of a sample by linear interpolation between order statistics (Hyndman and Fan type 7,
 * the default of NumPy, R and Excel's PERCENTILE.INC): for sorted values x[0..n-1] and percentile p,
 * h = (n - 1) · p / 100 and the result is x[⌊h⌋] + (h - ⌊h⌋) · (x[⌊h⌋ + 1] - x[⌊h⌋]). So p0 is the
 * minimum, p100 the maximum and p50 the usual median. Sorting a copy once costs O(n log n); each
 * lookup is O(1).
 */
public final class Percentiles {

  private final double[] sorted;

  public Percentiles(double[] values) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("percentiles need at least one value");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("value " + i + " is not finite: " + values[i]);
      }
    }
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  /** The percentile {@code p} in [0, 100]. */
  public double at(double p) {
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must lie in [0, 100], got " + p);
    }
    double h = (sorted.length - 1) * p / 100;
    int lo = (int) Math.floor(h);
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
  }

  public double p50() {
    return at(50);
  }

  public double p95() {
    return at(95);
  }

  public double p99() {
    return at(99);
  }

  public int count() {
    return sorted.length;
  }
}
