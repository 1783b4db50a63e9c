package io.caravan.research.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HistogramBinsTest {

  @Test
  void freedmanDiaconisOnAUniformRangeGivesTheTextbookWidth() {
    // 0..999: IQR = 749.25 - 249.75 = 499.5, n^(1/3) = 10, width 99.9 rounded up to 100.
    double[] values = IntStream.range(0, 1000).asDoubleStream().toArray();
    HistogramBins bins = HistogramBins.freedmanDiaconis(List.of(values));
    assertThat(bins.width()).isEqualTo(100.0);
    assertThat(bins.start()).isEqualTo(0.0);
    assertThat(bins.count()).isEqualTo(10);
    assertThat(bins.counts(values)).containsOnly(100);
  }

  @Test
  void aFarOutlierCapsTheBinCountInsteadOfMakingThousandsOfBins() {
    double[] values = new Random(1).doubles(1000, 40, 60).toArray();
    values[0] = 100_000;
    HistogramBins bins = HistogramBins.freedmanDiaconis(List.of(values));
    assertThat(bins.count()).isLessThanOrEqualTo(HistogramBins.MAX_BINS);
    assertThat(bins.edge(bins.count())).isGreaterThanOrEqualTo(100_000);
  }

  @Test
  void zeroInterquartileRangeFallsBackToSturges() {
    double[] values = new double[1000];
    java.util.Arrays.fill(values, 50);
    values[999] = 10_000;
    HistogramBins bins = HistogramBins.freedmanDiaconis(List.of(values));
    // Sturges: ceil(log2 1000) + 1 = 11 bins over 9950 ms, width 904.5 rounded up to 1000.
    assertThat(bins.width()).isEqualTo(1000.0);
    assertThat(bins.count()).isEqualTo(10);
  }

  @Test
  void oneDistinctValueGetsOneBinAroundIt() {
    HistogramBins bins = HistogramBins.freedmanDiaconis(List.of(new double[] {5, 5}));
    assertThat(bins.count()).isEqualTo(1);
    assertThat(bins.counts(new double[] {5, 5})).containsExactly(2);
    assertThat(bins.start()).isLessThan(5);
  }

  @Test
  void randomSamplesAgreeWithBruteForceCounting() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      List<double[]> samples = new ArrayList<>();
      int sampleCount = 1 + random.nextInt(3);
      for (int s = 0; s < sampleCount; s++) {
        double scale = Math.pow(10, random.nextInt(7) - 3);
        double[] sample = new double[1 + random.nextInt(300)];
        for (int i = 0; i < sample.length; i++) {
          // Skewed like latencies, sometimes with repeated values.
          double u = random.nextDouble();
          sample[i] = random.nextInt(5) == 0 ? scale : scale * u * u * u * 50;
        }
        samples.add(sample);
      }
      HistogramBins bins = HistogramBins.freedmanDiaconis(samples);
      assertThat(bins.count()).isBetween(1, HistogramBins.MAX_BINS);
      for (double[] sample : samples) {
        int[] counts = bins.counts(sample);
        int[] expected = new int[bins.count()];
        for (double v : sample) {
          for (int b = 0; b < bins.count(); b++) {
            boolean last = b == bins.count() - 1;
            if (v >= bins.edge(b) && (v < bins.edge(b + 1) || (last && v <= bins.edge(b + 1)))) {
              expected[b]++;
              break;
            }
          }
        }
        assertThat(counts).containsExactly(expected);
        assertThat(IntStream.of(counts).sum()).isEqualTo(sample.length);
      }
    }
  }

  @Test
  void niceWidthsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(HistogramBins.niceCeil(0.7)).isCloseTo(1.0, within(1e-12));
    assertThat(HistogramBins.niceCeil(1.0)).isCloseTo(1.0, within(1e-12));
    assertThat(HistogramBins.niceCeil(1.5)).isCloseTo(2.0, within(1e-12));
    assertThat(HistogramBins.niceCeil(3)).isCloseTo(5.0, within(1e-12));
    assertThat(HistogramBins.niceCeil(12)).isCloseTo(20.0, within(1e-12));
    assertThat(HistogramBins.niceCeil(0.021)).isCloseTo(0.05, within(1e-15));
  }

  @Test
  void rejectsEmptyAndNonFiniteSamplesAndValuesOutsideTheBins() {
    assertThatThrownBy(() -> HistogramBins.freedmanDiaconis(List.of(new double[0])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> HistogramBins.freedmanDiaconis(List.of(new double[] {1, Double.NaN})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-finite");
    HistogramBins bins = new HistogramBins(0, 10, 3);
    assertThatThrownBy(() -> bins.binOf(30.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside");
    assertThat(bins.binOf(30)).isEqualTo(2);
  }
}
