package io.caravan.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class StepEndpointsTest {

  @Test
  void stepNamesMapToDirectEndpointsAndBack() {
    assertThat(StepEndpoints.uri("retrieve")).isEqualTo("direct:step-retrieve");
    assertThat(StepEndpoints.stepName("direct:step-retrieve")).contains("retrieve");
    assertThat(StepEndpoints.stepName("direct://step-adaptive-depth?timeout=100")).contains("adaptive-depth");
    assertThat(StepEndpoints.stepName("direct:query")).isEmpty();
    assertThat(StepEndpoints.stepName("seda:step-retrieve")).isEmpty();
    assertThat(StepEndpoints.stepName("direct:step-")).isEmpty();
  }

  @Test
  void badStepNamesAreRefused() {
    assertThatThrownBy(() -> StepEndpoints.uri("two words")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'two words'");
    assertThatThrownBy(() -> StepEndpoints.uri("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StepEndpoints.uri(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void consumedStepsAreReadBeforeAndAfterTheContextStarts() throws Exception {
    try (DefaultCamelContext camel = new DefaultCamelContext()) {
      camel.addRoutes(new RouteBuilder() {
        @Override
        public void configure() {
          from(StepEndpoints.uri("rerank")).log("rerank");
          from("direct:step-retrieve?timeout=5").log("retrieve");
          from("direct:query").log("not a step");
        }
      });
      assertThat(StepEndpoints.consumedBy(camel)).containsExactly("rerank", "retrieve");
      camel.start();
      assertThat(StepEndpoints.consumedBy(camel)).containsExactly("rerank", "retrieve");
    }
  }
}
