package io.caravan.routes.steps;

import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import io.caravan.core.step.StepRunner;
import io.caravan.processes.StepEndpoints;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.builder.RouteBuilder;

/**
 * One Camel route per step: {@code direct:step-<name>} takes a {@link RagState} and replies with
 * the step's result. BPMN service tasks reach steps only through these endpoints, so a step can be
 * replaced by any route that consumes the same endpoint (a YAML route, a Triton call) without
 * touching a process. Errors go back to the caller (the process), which names the failing task.
 * Each route runs its step through the {@link StepRunner}, which times it and appends its trace event.
 */
public final class StepRoutes extends RouteBuilder {

  private final Map<String, Step> steps = new TreeMap<>();

  public StepRoutes(List<? extends Step> steps) {
    for (Step s : steps) {
      if (!StepEndpoints.isValidName(s.name())) {
        throw new IllegalArgumentException("not a valid step name: '" + s.name() + "'");
      }
      if (this.steps.put(s.name(), s) != null) {
        throw new IllegalArgumentException("two steps are named '" + s.name() + "'");
      }
    }
  }

  @Override
  public void configure() {
    // the process reports a failing step with its task and process; Camel logging it too is noise
    errorHandler(noErrorHandler());
    steps.forEach(
        (name, step) ->
            from(StepEndpoints.uri(name))
                .routeId("step-" + name)
                .process(ex -> ex.getMessage().setBody(StepRunner.run(step, ex.getMessage().getMandatoryBody(RagState.class)))));
  }
}
