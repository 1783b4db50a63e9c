package io.caravan.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.AnswerSignals;
import io.caravan.research.CalibrateTokensCommand.Observation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The threshold fit of {@code caravan policy calibrate-tokens} on hand-made observations. */
class CalibrateTokensCommandTest {

  private static Observation obs(double entropy, double minProbability, boolean failed) {
    return new Observation("q", "no-retrieval", AnswerSignals.ofTokens(5, entropy, minProbability), failed, failed ? 0 : 1);
  }

  @Test
  void theFitSeparatesFailedFromCorrectAnswersInTheSignalsDirection() {
    List<Observation> o = List.of(obs(0.1, 0.9, false), obs(0.2, 0.8, false), obs(0.3, 0.3, false), obs(0.9, 0.05, true), obs(1.2, 0.1, true));
    ThresholdFit entropy = CalibrateTokensCommand.fit("e", o, x -> x.signals().meanTokenEntropy(), false);
    // fires above 0.3: both failed answers and no correct one
    assertThat(entropy.threshold()).isEqualTo(0.3);
    assertThat(entropy.tpr()).isEqualTo(1.0);
    assertThat(entropy.fpr()).isZero();
    ThresholdFit probability = CalibrateTokensCommand.fit("p", o, x -> x.signals().minTokenProbability(), true);
    // fires below 0.3: both failed answers
    assertThat(probability.threshold()).isEqualTo(0.3);
    assertThat(probability.youden()).isEqualTo(1.0);
  }

  @Test
  void oneClassAloneCannotBeCalibrated() {
    assertThatThrownBy(() -> CalibrateTokensCommand.fit("e", List.of(obs(0.1, 0.9, false)), x -> x.signals().meanTokenEntropy(), false))
        .hasMessageContaining("both failed and correct");
  }
}
