package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.policies.depth.DepthThresholds;
import io.caravan.policies.iteration.IterationLimits;
import org.junit.jupiter.api.Test;

/** The caravan.depth.* and caravan.iteration.* settings: defaults, overrides and clear errors. */
class DepthSettingsTest {

  @Test
  void defaultsMatchThePolicies() {
    CaravanSettings s = CaravanSettings.defaultsOnly();
    assertThat(s.depthThresholds()).isEqualTo(DepthThresholds.defaults());
    assertThat(s.iterationLimits()).isEqualTo(IterationLimits.defaults());
    assertThat(s.depthClassifierWeights()).isEmpty();
  }

  @Test
  void signalsSwitchOffAndThresholdsChange() {
    CaravanSettings s = CaravanSettings.defaultsOnly()
        .with("caravan.depth.uncertainty", "off")
        .with("caravan.depth.min-gap", "0.2")
        .with("caravan.iteration.max-rounds", "5");
    assertThat(s.depthThresholds().uncertainty()).isFalse();
    assertThat(s.depthThresholds().minGap()).isEqualTo(0.2);
    assertThat(s.iterationLimits().maxRounds()).isEqualTo(5);
  }

  @Test
  void theGeneratorUncertaintyCheckAndTheAnswerExpansionAreSettings() {
    CaravanSettings s = CaravanSettings.defaultsOnly()
        .with("caravan.depth.generator-uncertainty", "off")
        .with("caravan.depth.max-token-entropy", "1.25")
        .with("caravan.depth.min-token-probability", "0.05")
        .with("caravan.iteration.expansion", "answer");
    assertThat(s.depthThresholds().generatorUncertainty()).isFalse();
    assertThat(s.depthThresholds().maxTokenEntropy()).isEqualTo(1.25);
    assertThat(s.depthThresholds().minTokenProbability()).isEqualTo(0.05);
    assertThat(s.iterationExpansion()).isEqualTo(io.caravan.policies.iteration.NextQueryStep.Expansion.ANSWER);
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.depth.min-token-probability", "1.5").depthThresholds())
        .hasMessageContaining("caravan.depth.min-token-probability");
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.depth.max-token-entropy", "-1").depthThresholds())
        .hasMessageContaining("caravan.depth.max-token-entropy");
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.depth.classifier", "maybe").depthThresholds())
        .hasMessageContaining("caravan.depth.classifier").hasMessageContaining("[off, on]");
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.depth.max-entropy", "lots").depthThresholds())
        .hasMessageContaining("caravan.depth.max-entropy").hasMessageContaining("not a number");
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.depth.multi-step-threshold", "1.5").depthThresholds())
        .hasMessageContaining("caravan.depth").hasMessageContaining("multiStep");
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.iteration.max-rounds", "0").iterationLimits())
        .hasMessageContaining("caravan.iteration.max-rounds");
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.iteration.budget-ms", "soon").iterationLimits())
        .hasMessageContaining("caravan.iteration.budget-ms");
  }
}
