package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.processes.BpmnLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caravan.bpmn.* settings: the document limits reach the process settings; scripts are gone for good. */
class BpmnSettingsTest {

  @TempDir
  Path temp;

  @Test
  void limitsDefaultAndOverride() {
    assertThat(CaravanSettings.defaultsOnly().processSettings().limits()).isEqualTo(BpmnLimits.defaults());
    BpmnLimits set = CaravanSettings.defaultsOnly()
        .with("caravan.bpmn.max-elements", "5000")
        .with("caravan.bpmn.max-depth", "32")
        .with("caravan.bpmn.max-flow-elements", "400")
        .processSettings().limits();
    assertThat(set).isEqualTo(new BpmnLimits(5000, 32, 400));
  }

  @Test
  void badLimitsNameTheirKey() {
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.bpmn.max-depth", "10000").processSettings())
        .hasMessageContaining("caravan.bpmn.max-depth");
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.bpmn.max-elements", "0").processSettings())
        .hasMessageContaining("caravan.bpmn.max-elements");
  }

  @Test
  void theOldScriptSwitchIsRefusedWithTheReason() throws Exception {
    Path file = temp.resolve("caravan.properties");
    Files.writeString(file, "caravan.bpmn.allow-scripts=true\n");
    assertThatThrownBy(() -> CaravanSettings.load(Optional.of(file), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("caravan.bpmn.allow-scripts")
        .hasMessageContaining("never run scripts");
  }
}
