package io.caravan.processes;

import io.caravan.core.AttributeKey;

import static io.caravan.processes.Bpmn.flow;
import static io.caravan.processes.Bpmn.linear;
import static io.caravan.processes.Bpmn.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.spi.Step;
import io.caravan.processes.camel.CaravanComponent;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One BPMN process over the three kinds of step the registry holds: a Java step, a route consuming
 * {@code caravan:step:<name>} and a route consuming the older {@code direct:step-<name>}.
 */
class StepComponentProcessTest {

  private static final AttributeKey<Integer> COUNT = AttributeKey.of("count", Integer.class);

  private final DefaultCamelContext camel = new DefaultCamelContext();

  @AfterEach
  void stop() throws Exception {
    camel.close();
  }

  /** A Java step that counts its runs in the state. */
  private static Step counting(String name) {
    return Step.of(name, state -> state.with(COUNT, state.get(COUNT).orElse(0) + 1));
  }

  private static final byte[] MIXED = linear("mixed", "java", "old",
      step("java", "count")
          + flow("f1", "java", "route")
          + step("route", "shout")
          + flow("f2", "route", "old")
          + step("old", "legacy"));

  @Test
  void aProcessRunsJavaStepsAndRouteStepsAlike() throws Exception {
    CaravanComponent.registry(camel).register(counting("count"));
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        // a route step calling a Java step: both show in the trace, the call first
        from("caravan:step:shout").routeId("shout-route").to("caravan:step:count");
        from("direct:step-legacy").routeId("legacy-route").to("caravan:step:count");
      }
    });
    try (ProcessRunner runner = new ProcessRunner(camel)) {
      camel.start();
      runner.deploy("mixed.bpmn20.xml", MIXED);

      RagState out = runner.run("mixed", RagState.start(Query.of("which steps ran?")));

      assertThat(out.get(COUNT).orElse(0)).isEqualTo(3);
      assertThat(out.trace().events()).extracting(TraceEvent::step).containsExactly("count", "count", "shout", "count");
      assertThat(out.trace().events().get(2).inputs()).isEqualTo(Map.of("route", "shout-route"));
    }
  }

  @Test
  void aProcessNamingAStepNoneImplementsIsRefusedAtDeploy() throws Exception {
    CaravanComponent.registry(camel).register(counting("count"));
    try (ProcessRunner runner = new ProcessRunner(camel)) {
      camel.start();
      assertThatThrownBy(() -> runner.deploy("mixed.bpmn20.xml", MIXED))
          .isInstanceOf(InvalidProcessException.class)
          .hasMessageContaining("unknown step 'shout'")
          .hasMessageContaining("caravan:step:shout")
          .hasMessageContaining("unknown step 'legacy'");
      assertThat(runner.processes()).isEmpty();

      // a route added to the running context makes the same file deployable
      camel.addRoutes(new RouteBuilder() {
        @Override
        public void configure() {
          from("caravan:step:shout").routeId("shout-route").to("caravan:step:count");
          from("direct:step-legacy").routeId("legacy-route").to("caravan:step:count");
        }
      });
      assertThat(runner.deploy("mixed.bpmn20.xml", MIXED).key()).isEqualTo("mixed");
      assertThat(runner.run("mixed", RagState.start(Query.of("q"))).get(COUNT).orElse(0)).isEqualTo(3);
    }
  }

  @Test
  void aRouteStepThatFailsNamesTheTaskAndTheStep() throws Exception {
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        errorHandler(noErrorHandler());
        from("caravan:step:shout").routeId("shout-route").throwException(new IllegalStateException("no voice left"));
      }
    });
    try (ProcessRunner runner = new ProcessRunner(camel)) {
      camel.start();
      runner.deploy("one.bpmn20.xml", linear("one", "route", "route", step("route", "shout")));

      assertThatThrownBy(() -> runner.run("one", RagState.start(Query.of("q"))))
          .isInstanceOf(StepFailedException.class)
          .hasMessage("step 'shout' failed in process 'one' at task 'route' (caravan:step:shout): no voice left");
    }
  }
}
