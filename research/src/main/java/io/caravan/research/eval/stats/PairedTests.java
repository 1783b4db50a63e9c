package io.caravan.research.eval.stats;

import java.util.SplittableRandom;

/**
 * Significance tests for two systems scored on the same queries (arrays aligned by query). Both
 * work on the per-query differences d = a - b.
 *
 * <ul>
 *   <li>{@link #tTest}: Student's paired t-test, t = mean(d) / (sd(d) / √n) with n - 1 degrees of
 *       freedom, two-sided p from {@link StudentT}. O(n).
 *   <li>{@link #randomisation}: the sign-flip permutation test: under the null each difference is
 *       equally likely to have either sign, so each permutation flips signs at random and the
 *       two-sided p is (1 + #{|mean of flipped| ≥ |mean(d)|}) / (1 + permutations), the +1 counting
 *       the observed assignment so p is never 0. O(n · permutations); the RNG is seeded, so a run is
 *       reproducible.
 * </ul>
 */
public final class PairedTests {

  private PairedTests() {}

  /**
   * @param meanDifference mean of a - b
   * @param t the t statistic; ±infinity when every difference is the same non-zero value
   */
  public record TTestResult(double meanDifference, double t, int degreesOfFreedom, double pValue) {}

  public record RandomisationResult(double meanDifference, int permutations, long seed, double pValue) {}

  /**
   * Paired two-sided t-test. When all differences are equal the standard error is 0: identical
   * systems (d = 0 everywhere) get t = 0 and p = 1, a constant non-zero shift gets t = ±∞ and p = 0.
   */
  public static TTestResult tTest(double[] a, double[] b) {
    double[] d = differences(a, b);
    int n = d.length;
    if (n < 2) {
      throw new IllegalArgumentException("a paired t-test needs at least 2 queries, got " + n);
    }
    double mean = mean(d);
    double ss = 0;
    for (double x : d) {
      ss += (x - mean) * (x - mean);
    }
    double se = Math.sqrt(ss / (n - 1) / n);
    int df = n - 1;
    if (se == 0) {
      return mean == 0 ? new TTestResult(0, 0, df, 1) : new TTestResult(mean, Math.copySign(Double.POSITIVE_INFINITY, mean), df, 0);
    }
    double t = mean / se;
    return new TTestResult(mean, t, df, StudentT.twoSidedP(t, df));
  }

  /** Paired two-sided sign-flip randomisation test with {@code permutations} random flips. */
  public static RandomisationResult randomisation(double[] a, double[] b, int permutations, long seed) {
    double[] d = differences(a, b);
    if (d.length < 1) {
      throw new IllegalArgumentException("a randomisation test needs at least 1 query");
    }
    if (permutations < 1) {
      throw new IllegalArgumentException("permutations must be at least 1, got " + permutations);
    }
    double observed = 0;
    double scale = 0;
    for (double x : d) {
      observed += x;
      scale += Math.abs(x);
    }
    // sums are compared, not means; the slack absorbs rounding so a flip that reproduces the
    // observed magnitude (e.g. all signs flipped) counts as at least as extreme
    double threshold = Math.abs(observed) - 1e-9 * scale;
    SplittableRandom random = new SplittableRandom(seed);
    int extreme = 0;
    for (int p = 0; p < permutations; p++) {
      double sum = 0;
      for (double x : d) {
        sum += random.nextBoolean() ? x : -x;
      }
      if (Math.abs(sum) >= threshold) {
        extreme++;
      }
    }
    return new RandomisationResult(observed / d.length, permutations, seed, (extreme + 1.0) / (permutations + 1.0));
  }

  private static double[] differences(double[] a, double[] b) {
    if (a == null || b == null) {
      throw new IllegalArgumentException("both systems' per-query scores are required");
    }
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired tests need one score per query from each system, got " + a.length + " and " + b.length);
    }
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
        throw new IllegalArgumentException("score of query " + i + " is not finite: " + a[i] + ", " + b[i]);
      }
      d[i] = a[i] - b[i];
    }
    return d;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }
}
