package io.caravan.research;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * A policy threshold fitted on labelled observations, and how well it separates: the threshold fires
 * when a signal is on its "uncertain" side; {@code tpr} is the share of failed observations it fires
 * on, {@code fpr} the share of successful ones. Both calibration commands ({@code calibrate-depth},
 * {@code calibrate-tokens}) pick the threshold by Youden's J.
 */
record ThresholdFit(String setting, double threshold, double tpr, double fpr) {

  double youden() {
    return tpr - fpr;
  }

  /** This fit as a row of the calibration reports' table (setting, threshold, TPR, FPR, J). */
  String markdownRow() {
    return String.format(Locale.ROOT, "| `%s` | %.4f | %.3f | %.3f | %.3f |%n", setting, threshold, tpr, fpr, youden());
  }

  /**
   * The threshold maximising Youden's J among the observed signal values.
   *
   * @param classes what the failed and the successful observations are, for the error when one is
   *     missing ("failed and correct answers")
   * @param fireBelow the signal says "uncertain" below the threshold (else above)
   */
  static <T> ThresholdFit of(String setting, List<T> obs, Predicate<T> failed, ToDoubleFunction<T> signal, boolean fireBelow, String classes) {
    long pos = obs.stream().filter(failed).count();
    long neg = obs.size() - pos;
    if (pos == 0 || neg == 0) {
      throw new IllegalArgumentException("calibration needs both " + classes + "; got " + pos + " failed of " + obs.size());
    }
    ThresholdFit best = null;
    for (T cut : obs) {
      double t = signal.applyAsDouble(cut);
      int tp = 0;
      int fp = 0;
      for (T o : obs) {
        double v = signal.applyAsDouble(o);
        boolean fires = fireBelow ? v < t : v > t;
        if (fires && failed.test(o)) {
          tp++;
        } else if (fires) {
          fp++;
        }
      }
      ThresholdFit f = new ThresholdFit(setting, t, tp / (double) pos, fp / (double) neg);
      if (best == null || f.youden() > best.youden()) {
        best = f;
      }
    }
    return best;
  }
}
