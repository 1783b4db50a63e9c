package io.caravan.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolRegistryTest {

  @Test
  void registersReplacesRemovesAndTellsListeners() {
    ToolRegistry registry = new ToolRegistry();
    List<String> heard = new ArrayList<>();
    registry.addListener(
        new ToolRegistry.Listener() {
          @Override
          public void added(ToolDescriptor tool) {
            heard.add("+" + tool.name());
          }

          @Override
          public void removed(String name) {
            heard.add("-" + name);
          }
        });
    ToolDescriptor weather = new ToolDescriptor("weather", "Current weather for a city", null, List.of("weather in Oslo"), "direct:weather");
    assertThat(registry.register(weather)).isEmpty();
    assertThat(registry.register(new ToolDescriptor("weather", "Forecast", null, null, null))).contains(weather);
    registry.register(new ToolDescriptor("atlas", "Look up a place", null, null, null));
    assertThat(registry.all()).extracting(ToolDescriptor::name).containsExactly("atlas", "weather");
    assertThat(registry.remove("weather")).isTrue();
    assertThat(registry.remove("weather")).isFalse();
    assertThat(heard).containsExactly("+weather", "+weather", "+atlas", "-weather");
  }

  @Test
  void validatesNamesAndDescriptions() {
    assertThatThrownBy(() -> new ToolDescriptor("9lives", "x", null, null, null)).hasMessageContaining("must start with a letter");
    assertThatThrownBy(() -> new ToolDescriptor("ok", " ", null, null, null)).hasMessageContaining("needs a description");
    ToolDescriptor t = new ToolDescriptor("geo.lookup_city", "Find a city", null, List.of("where is Merv"), null);
    assertThat(t.parametersSchema()).isEqualTo("{\"type\":\"object\"}");
    assertThat(t.searchableText()).contains("geo lookup city", "Find a city", "where is Merv");
  }
}
