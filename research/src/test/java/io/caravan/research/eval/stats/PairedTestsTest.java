package io.caravan.research.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.caravan.research.eval.stats.PairedTests.RandomisationResult;
import io.caravan.research.eval.stats.PairedTests.TTestResult;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedTestsTest {

  // Student's sleep data (Cushny and Peebles 1905; R's `sleep`): extra hours of sleep per patient
  // under each drug. R: t.test(extra ~ group, data = sleep, paired = TRUE) gives
  // t = -4.0621, df = 9, p-value = 0.002833, mean difference -1.58.
  private static final double[] DRUG1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
  private static final double[] DRUG2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

  @Test
  void tTestReproducesTheSleepDataExample() {
    TTestResult r = PairedTests.tTest(DRUG1, DRUG2);
    assertThat(r.meanDifference()).isCloseTo(-1.58, within(1e-12));
    assertThat(r.t()).isCloseTo(-4.0621, within(5e-5));
    assertThat(r.degreesOfFreedom()).isEqualTo(9);
    assertThat(r.pValue()).isCloseTo(0.002833, within(5e-7));
    assertThat(PairedTests.tTest(DRUG2, DRUG1).t()).isCloseTo(4.0621, within(5e-5));
  }

  @Test
  void tTestByHandOnThreeQueries() {
    // d = (1, 2, 3): mean 2, sd 1, se 1/√3, t = 2√3, df 2; p = 1 - t/√(2 + t²) = 1 - 2√3/√14
    TTestResult r = PairedTests.tTest(new double[] {1, 2, 3}, new double[] {0, 0, 0});
    assertThat(r.t()).isCloseTo(2 * Math.sqrt(3), within(1e-12));
    assertThat(r.pValue()).isCloseTo(1 - 2 * Math.sqrt(3) / Math.sqrt(14), within(1e-12));
  }

  @Test
  void tTestDegenerateDifferences() {
    double[] a = {0.2, 0.4, 0.6};
    assertThat(PairedTests.tTest(a, a).pValue()).isEqualTo(1.0);
    TTestResult shifted = PairedTests.tTest(new double[] {1.5, 2.5, 3.5}, new double[] {1, 2, 3});
    assertThat(shifted.t()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(shifted.pValue()).isZero();
  }

  @Test
  void randomisationOfIdenticalSystemsIsOne() {
    double[] a = {0.1, 0.5, 0.9, 0.3};
    assertThat(PairedTests.randomisation(a, a.clone(), 1000, 42).pValue()).isEqualTo(1.0);
  }

  @Test
  void randomisationOfAClearShiftIsAtTheFloor() {
    Random noise = new Random(7);
    double[] b = new double[30];
    double[] a = new double[30];
    for (int i = 0; i < b.length; i++) {
      b[i] = noise.nextDouble();
      a[i] = b[i] + 0.3 + 0.05 * noise.nextDouble();
    }
    // every difference is positive, so only the two all-same-sign flips (chance 2^-29) can tie
    RandomisationResult r = PairedTests.randomisation(a, b, 2000, 1);
    assertThat(r.pValue()).isEqualTo(1 / 2001.0);
    assertThat(r.meanDifference()).isGreaterThan(0.3);
  }

  @Test
  void randomisationAgreesWithExactEnumeration() {
    double[] a = {0.9, 0.4, 0.7, 0.2, 0.65, 0.8, 0.3, 0.55, 0.6, 0.5};
    double[] b = {0.6, 0.5, 0.4, 0.3, 0.45, 0.5, 0.35, 0.5, 0.3, 0.45};
    double observed = 0;
    for (int i = 0; i < a.length; i++) {
      observed += a[i] - b[i];
    }
    // brute force over all 2^10 sign assignments
    int extreme = 0;
    for (int mask = 0; mask < 1 << a.length; mask++) {
      double s = 0;
      for (int i = 0; i < a.length; i++) {
        s += ((mask >> i) & 1) == 1 ? a[i] - b[i] : b[i] - a[i];
      }
      if (Math.abs(s) >= Math.abs(observed) - 1e-9) {
        extreme++;
      }
    }
    double exact = extreme / 1024.0;
    RandomisationResult r = PairedTests.randomisation(a, b, 20_000, 2024);
    assertThat(r.pValue()).isCloseTo(exact, within(0.015));
    assertThat(PairedTests.randomisation(a, b, 20_000, 2024)).isEqualTo(r);
  }

  @Test
  void mismatchedOrBadInputIsRejected() {
    assertThatThrownBy(() -> PairedTests.tTest(new double[] {1, 2}, new double[] {1})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 2 and 1");
    assertThatThrownBy(() -> PairedTests.tTest(new double[] {1}, new double[] {1})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> PairedTests.randomisation(new double[] {1}, new double[] {Double.NaN}, 10, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
    assertThatThrownBy(() -> PairedTests.randomisation(new double[] {1}, new double[] {0}, 0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permutations");
  }
}
