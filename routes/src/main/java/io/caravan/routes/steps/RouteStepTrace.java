package io.caravan.routes.steps;

import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.spi.Step;
import io.caravan.core.step.StepRegistry;
import io.caravan.core.step.StepRunner;
import io.caravan.processes.camel.StepHeaders;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Writes the trace event of a step implemented by a route rather than by a Java {@code Step} (a
 * YAML route consuming {@code direct:step-<name>}): such a route cannot build a {@link TraceEvent}
 * itself, yet every step a query passes must show in its trace. Attached as the route's policy, it
 * starts the {@link StepRunner}'s clock when the exchange begins and, when the route answers a
 * {@link RagState}, finishes it: an event named after the step with the route id as input. A failed
 * exchange or another body is left alone; the process reports those. A route consuming {@code
 * caravan:step:<name>} needs no such policy: the {@code caravan} component traces it.
 *
 * <p>It also gives the route the query as headers ({@value #QUERY_HEADER}, {@value
 * #STATE_HEADER}), because the simple language cannot call methods on the state without
 * camel-bean.
 *
 * <p>Cost: two header writes, one exchange property and one state copy per call.
 */
public final class RouteStepTrace extends RoutePolicySupport {

  /** Header with the query text, set before the route runs. */
  public static final String QUERY_HEADER = StepHeaders.QUERY;
  /** Header with the query state's id, set before the route runs. */
  public static final String STATE_HEADER = StepHeaders.STATE_ID;

  private final String step;
  private final String startProperty;

  /** @param step the step name, as in {@code direct:step-<step>} */
  public RouteStepTrace(String step) {
    Objects.requireNonNull(step, "step");
    StepRegistry.requireValidName(step);
    this.step = step;
    this.startProperty = "CaravanStepStart-" + step;
  }

  public String step() {
    return step;
  }

  @Override
  public void onExchangeBegin(Route route, Exchange exchange) {
    exchange.setProperty(startProperty, StepRunner.start(step));
    if (exchange.getMessage().getBody() instanceof RagState state) {
      exchange.getMessage().setHeader(QUERY_HEADER, state.query().text());
      exchange.getMessage().setHeader(STATE_HEADER, state.id());
    }
  }

  @Override
  public void onExchangeDone(Route route, Exchange exchange) {
    StepRunner.Started started = exchange.getProperty(startProperty, StepRunner.Started.class);
    if (exchange.isFailed() || started == null || !(exchange.getMessage().getBody() instanceof RagState state)) {
      return;
    }
    exchange.getMessage().setBody(started.finish(Step.Result.of(state, Map.of("route", route.getRouteId()))));
  }

  @Override
  public String toString() {
    return "RouteStepTrace(" + step + ")";
  }
}
