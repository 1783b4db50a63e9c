package io.caravan.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreDistributionTest {

  private static List<Candidate> scores(double... s) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      out.add(Candidate.of(new Passage("c" + i, "d" + i, "", "t", 0, 1, Map.of()), "x", s[i]));
    }
    return out;
  }

  @Test
  void allEqualScoresAreMaximallyUncertain() {
    ScoreDistribution d = ScoreDistribution.of(scores(2, 2, 2, 2), 10, 1);
    assertThat(d.entropy()).isCloseTo(1.0, within(1e-12));
    assertThat(d.gap()).isZero();
    assertThat(d.nqc()).isZero();
  }

  @Test
  void aClearWinnerHasLowEntropyAndLargeGap() {
    ScoreDistribution d = ScoreDistribution.of(scores(30, 2, 1, 1), 10, 1);
    assertThat(d.entropy()).isLessThan(0.01);
    assertThat(d.gap()).isCloseTo(28.0 / 30, within(1e-12));
    assertThat(d.nqc()).isGreaterThan(1.0);
  }

  @Test
  void handComputedEntropyOfTwoScores() {
    // softmax(1, 0) = (e/(e+1), 1/(e+1)); entropy / ln 2
    double p = Math.E / (Math.E + 1);
    double h = -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    assertThat(ScoreDistribution.of(scores(1, 0), 10, 1).entropy()).isCloseTo(h, within(1e-12));
  }

  @Test
  void emptyAndSingleLists() {
    assertThat(ScoreDistribution.of(List.of(), 5, 1)).isEqualTo(ScoreDistribution.EMPTY);
    ScoreDistribution one = ScoreDistribution.of(scores(0.7), 5, 1);
    assertThat(one.entropy()).isZero();
    assertThat(one.gap()).isEqualTo(1.0);
    assertThat(one.asSignals()).containsEntry("n", 1).containsEntry("top", 0.7);
  }

  @Test
  void onlyTheTopKCount() {
    assertThat(ScoreDistribution.of(scores(5, 4, 0, 0, 0), 2, 1).size()).isEqualTo(2);
    assertThatThrownBy(() -> ScoreDistribution.of(scores(1), 0, 1)).hasMessageContaining("k must be positive");
    assertThatThrownBy(() -> ScoreDistribution.of(scores(1), 1, 0)).hasMessageContaining("temperature");
  }
}
