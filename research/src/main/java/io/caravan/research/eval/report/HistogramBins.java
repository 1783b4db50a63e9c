package io.caravan.research.eval.report;

import io.caravan.research.eval.stats.Percentiles;
import java.util.Arrays;
import java.util.Collection;

/**
 * Equal-width bins shared by several samples, so their histograms can be overlaid bin for bin.
 *
 * <p>Strategy: the Freedman–Diaconis width {@code 2 * IQR / n^(1/3)} on the pooled samples (robust
 * to the long right tail latencies have, unlike Scott's rule which uses the standard deviation),
 * rounded up to a "nice" 1, 2 or 5 times a power of ten so the bin edges read well on the axis;
 * the first edge is the minimum rounded down to a multiple of that width. When the IQR is zero
 * (more than half the values equal) Sturges' bin count is used instead. The count is capped at
 * {@link #MAX_BINS}: one 10-second outlier among 50 ms queries would otherwise make thousands of
 * empty bins. Cost: one sort of the pooled values, O(n log n).
 *
 * @param start the lower edge of the first bin
 * @param width the width of every bin, &gt; 0
 * @param count the number of bins, &ge; 1; the last bin includes its upper edge
 */
public record HistogramBins(double start, double width, int count) {

  /** Upper bound on the number of bins. */
  public static final int MAX_BINS = 100;

  public HistogramBins {
    if (!Double.isFinite(start) || !(width > 0) || !Double.isFinite(width) || count < 1) {
      throw new IllegalArgumentException(
          "bins need a finite start, a finite width > 0 and at least one bin, got start="
              + start + " width=" + width + " count=" + count);
    }
  }

  /** Bins for the pooled values of {@code samples}; each value must be finite. */
  public static HistogramBins freedmanDiaconis(Collection<double[]> samples) {
    int n = 0;
    for (double[] sample : samples) {
      n += sample.length;
    }
    if (n == 0) {
      throw new IllegalArgumentException("cannot bin an empty sample");
    }
    double[] pooled = new double[n];
    int at = 0;
    for (double[] sample : samples) {
      for (double v : sample) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("cannot bin a non-finite value: " + v);
        }
        pooled[at++] = v;
      }
    }
    Arrays.sort(pooled);
    double min = pooled[0];
    double max = pooled[n - 1];
    if (min == max) {
      // One distinct value: a single bin centred on it, wide enough for the axis to have ticks.
      double width = Math.max(1.0, Math.abs(min) * 0.1);
      return new HistogramBins(min - width / 2, width, 1);
    }
    Percentiles quartiles = new Percentiles(pooled);
    double iqr = quartiles.at(75) - quartiles.at(25);
    double rawWidth = iqr > 0
        ? 2 * iqr / Math.cbrt(n)
        : (max - min) / (Math.ceil(Math.log(n) / Math.log(2)) + 1);
    rawWidth = Math.max(rawWidth, (max - min) / MAX_BINS);
    double width = niceCeil(rawWidth);
    int count = countFor(min, max, width);
    while (count > MAX_BINS) {
      width = niceCeil(width * 1.000001);
      count = countFor(min, max, width);
    }
    return new HistogramBins(Math.floor(min / width) * width, width, count);
  }

  // A max exactly on an edge belongs to the last bin (closed on the right), not to a new one; the
  // loop guards against start + width * count rounding to just below max.
  private static int countFor(double min, double max, double width) {
    double start = Math.floor(min / width) * width;
    int count = Math.max(1, (int) Math.ceil((max - start) / width));
    while (start + width * count < max) {
      count++;
    }
    return count;
  }

  /** Number of {@code values} in each bin; values outside all bins are an error. */
  public int[] counts(double[] values) {
    int[] counts = new int[count];
    for (double v : values) {
      int bin = binOf(v);
      counts[bin]++;
    }
    return counts;
  }

  /** Index of the bin holding {@code value}; bins are [lo, hi) except the last, which is [lo, hi]. */
  public int binOf(double value) {
    double end = start + width * count;
    if (!(value >= start && value <= end)) {
      throw new IllegalArgumentException(
          "value " + value + " lies outside the bins [" + start + ", " + end + "]");
    }
    return Math.min(count - 1, (int) Math.floor((value - start) / width));
  }

  /** The lower edge of bin {@code i} ({@code i == count} gives the upper edge of the last bin). */
  public double edge(int i) {
    return start + width * i;
  }

  /** The smallest 1, 2 or 5 times a power of ten that is &ge; {@code x} (x &gt; 0). */
  static double niceCeil(double x) {
    double decade = Math.pow(10, Math.floor(Math.log10(x)));
    for (double step : new double[] {1, 2, 5, 10}) {
      double nice = step * decade;
      // Tolerance: an x that is already nice can differ from step * decade by a few ulps.
      if (nice >= x * (1 - 1e-9)) {
        return nice;
      }
    }
    return 10 * decade;
  }
}
