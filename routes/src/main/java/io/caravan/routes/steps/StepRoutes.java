package io.caravan.routes.steps;

import io.caravan.core.spi.Step;
import io.caravan.core.step.StepRegistry;
import io.caravan.processes.camel.CaravanComponent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.builder.RouteBuilder;

/**
 * Registers Java steps in the context's step registry (that of its {@code caravan} component), where
 * BPMN step tasks reach them as {@code caravan:step:<name>}. Each step also keeps the endpoint steps
 * had before that component, {@code direct:step-<name>}, as a route forwarding to {@code
 * caravan:step:<name>}, so routes written against it (a YAML route calling {@code to:
 * direct:step-rerank}) still work, and a route consuming it is still refused as a second consumer.
 * Errors go back to the caller (the process), which names the failing task.
 */
public final class StepRoutes extends RouteBuilder {

  private final Map<String, Step> steps = new TreeMap<>();

  public StepRoutes(List<? extends Step> steps) {
    for (Step s : steps) {
      if (!StepRegistry.isValidName(s.name())) {
        throw new IllegalArgumentException("not a valid step name: '" + s.name() + "'");
      }
      if (this.steps.put(s.name(), s) != null) {
        throw new IllegalArgumentException("two steps are named '" + s.name() + "'");
      }
    }
  }

  @Override
  public void configure() {
    CaravanComponent.registry(getCamelContext()).registerAll(steps.values());
    // the process reports a failing step with its task and process; Camel logging it too is noise
    errorHandler(noErrorHandler());
    steps.keySet().forEach(
        name ->
            from(CaravanComponent.DIRECT_STEP_PREFIX + name)
                .routeId("step-" + name)
                .routeProperty(CaravanComponent.FORWARDING_ROUTE, name)
                .to(CaravanComponent.stepUri(name)));
  }
}
