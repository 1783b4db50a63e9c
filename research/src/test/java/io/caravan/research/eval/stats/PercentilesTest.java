package io.caravan.research.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void linearInterpolationBetweenOrderStatistics() {
    // sorted 15 20 35 40 50; h = 4p/100
    Percentiles p = new Percentiles(new double[] {40, 15, 50, 35, 20});
    assertThat(p.at(0)).isEqualTo(15);
    assertThat(p.at(40)).isCloseTo(29, within(1e-12)); // h = 1.6: 20 + 0.6 * 15
    assertThat(p.p50()).isEqualTo(35);
    assertThat(p.p95()).isCloseTo(48, within(1e-12)); // h = 3.8: 40 + 0.8 * 10
    assertThat(p.p99()).isCloseTo(49.6, within(1e-12)); // h = 3.96
    assertThat(p.at(100)).isEqualTo(50);
  }

  @Test
  void evenCountMedianAndOneValue() {
    assertThat(new Percentiles(new double[] {4, 1, 3, 2}).p50()).isCloseTo(2.5, within(1e-12));
    Percentiles one = new Percentiles(new double[] {7});
    assertThat(one.p50()).isEqualTo(7);
    assertThat(one.p99()).isEqualTo(7);
  }

  @Test
  void latencySummaryByHand() {
    // sorted 10 20 30 40: mean 25, p50 h=1.5 -> 25, p95 h=2.85 -> 38.5, p99 h=2.97 -> 39.7; 4 in 2 s
    LatencySummary s = LatencySummary.of(new double[] {30, 10, 40, 20}, Duration.ofSeconds(2));
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.meanMillis()).isCloseTo(25, within(1e-12));
    assertThat(s.p50Millis()).isCloseTo(25, within(1e-12));
    assertThat(s.p95Millis()).isCloseTo(38.5, within(1e-12));
    assertThat(s.p99Millis()).isCloseTo(39.7, within(1e-12));
    assertThat(s.throughputPerSecond()).isCloseTo(2, within(1e-12));
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> new Percentiles(new double[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Percentiles(new double[] {1, Double.NaN})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
    assertThatThrownBy(() -> new Percentiles(new double[] {1}).at(101)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencySummary.of(new double[] {1}, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wall time");
    assertThatThrownBy(() -> LatencySummary.of(new double[] {-1}, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
  }
}
