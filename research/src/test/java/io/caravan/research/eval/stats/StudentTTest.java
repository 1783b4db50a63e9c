package io.caravan.research.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Checked against closed forms and published critical values. */
class StudentTTest {

  @Test
  void oneDegreeOfFreedomIsCauchy() {
    // two-sided p = 1 - (2/π) atan|t|
    for (double t : new double[] {0, 0.3, 1, 2.5, 12.706, 100}) {
      assertThat(StudentT.twoSidedP(t, 1)).isCloseTo(1 - 2 / Math.PI * Math.atan(t), within(1e-12));
      assertThat(StudentT.twoSidedP(-t, 1)).isCloseTo(1 - 2 / Math.PI * Math.atan(t), within(1e-12));
    }
  }

  @Test
  void twoDegreesOfFreedomHaveAClosedForm() {
    // two-sided p = 1 - |t| / sqrt(2 + t²)
    for (double t : new double[] {0.1, 1, 4.303, 30}) {
      assertThat(StudentT.twoSidedP(t, 2)).isCloseTo(1 - t / Math.sqrt(2 + t * t), within(1e-12));
    }
  }

  @Test
  void matchesTabulatedCriticalValues() {
    // t(0.975, 9) = 2.262157, t(0.995, 30) = 2.749996, z(0.975) = 1.959964 (large ν)
    assertThat(StudentT.twoSidedP(2.262157, 9)).isCloseTo(0.05, within(1e-6));
    assertThat(StudentT.twoSidedP(2.749996, 30)).isCloseTo(0.01, within(1e-6));
    assertThat(StudentT.twoSidedP(1.959964, 1e7)).isCloseTo(0.05, within(1e-6));
    assertThat(StudentT.cdf(2.262157, 9)).isCloseTo(0.975, within(1e-6));
    assertThat(StudentT.cdf(-2.262157, 9)).isCloseTo(0.025, within(1e-6));
    assertThat(StudentT.cdf(0, 5)).isEqualTo(0.5);
  }

  @Test
  void regularizedBetaMatchesClosedForms() {
    // I_x(a, 1) = x^a, I_x(1, b) = 1 - (1-x)^b, I_x(2, 3) = 1 - (1-x)^3 (1 + 3x)
    assertThat(RegularizedBeta.value(0.3, 2.5, 1)).isCloseTo(Math.pow(0.3, 2.5), within(1e-13));
    assertThat(RegularizedBeta.value(0.7, 1, 4)).isCloseTo(1 - Math.pow(0.3, 4), within(1e-13));
    assertThat(RegularizedBeta.value(0.4, 2, 3)).isCloseTo(1 - Math.pow(0.6, 3) * (1 + 3 * 0.4), within(1e-13));
    // ln Γ(5) = ln 24, Γ(1/2) = √π
    assertThat(RegularizedBeta.logGamma(5)).isCloseTo(Math.log(24), within(1e-13));
    assertThat(RegularizedBeta.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
  }

  @Test
  void badParametersAreRejected() {
    assertThatThrownBy(() -> StudentT.twoSidedP(1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RegularizedBeta.value(1.5, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
