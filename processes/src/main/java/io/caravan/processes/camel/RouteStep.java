package io.caravan.processes.camel;

import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.service.ServiceHelper;

/**
 * A step implemented by a Camel route: the state goes through the route's consumer in a new
 * exchange, in the caller's thread, as a {@code direct:} call would. The route gets the query as
 * headers ({@link StepHeaders}); when {@code trace} is on, the step runner records an event named
 * after the step with the route id and the time the route took, since a route cannot build a
 * trace event itself.
 *
 * <p>Cost per call: one exchange, two headers, one state copy when tracing.
 */
final class RouteStep implements Step {

  private final String name;
  private final String routeId;
  private final Supplier<Consumer> consumer;
  private final boolean trace;

  RouteStep(String name, String routeId, Supplier<Consumer> consumer, boolean trace) {
    this.name = name;
    this.routeId = routeId;
    this.consumer = consumer;
    this.trace = trace;
  }

  /** How messages name a route: its id, and the file it came from when it came from one. */
  static String origin(Route route, String routeId) {
    Resource r = route == null ? null : route.getSourceResource();
    String location = r == null ? null : r.getLocation();
    if (location == null) {
      return "route '" + routeId + "'";
    }
    return "route '" + routeId + "' of " + (location.startsWith("file:") ? location.substring("file:".length()) : location);
  }

  @Override
  public String name() {
    return name;
  }

  String routeId() {
    return routeId;
  }

  /** Whether the step runner records this step's event (the endpoint's {@code trace} option). */
  boolean traced() {
    return trace;
  }

  @Override
  public Result run(RagState state) {
    Consumer c = consumer.get();
    if (c == null || !ServiceHelper.isStarted(c)) {
      throw new IllegalStateException("route '" + routeId + "' implementing step '" + name + "' is not running");
    }
    Exchange exchange = c.createExchange(false);
    try {
      exchange.getMessage().setBody(state);
      exchange.getMessage().setHeader(StepHeaders.QUERY, state.query().text());
      exchange.getMessage().setHeader(StepHeaders.STATE_ID, state.id());
      try {
        c.getProcessor().process(exchange);
      } catch (Exception e) {
        exchange.setException(e);
      }
      Exception failure = exchange.getException();
      if (failure instanceof RuntimeException unchecked) {
        throw unchecked;
      } else if (failure != null) {
        throw new IllegalStateException("route '" + routeId + "' implementing step '" + name + "' failed: " + failure.getMessage(), failure);
      }
      Object out = exchange.getMessage().getBody();
      if (!(out instanceof RagState next)) {
        throw new IllegalStateException("route '" + routeId + "' implementing step '" + name + "' answered "
            + (out == null ? "no body" : "a " + out.getClass().getSimpleName()) + " instead of the query state");
      }
      return Result.of(next, Map.of("route", routeId));
    } finally {
      c.releaseExchange(exchange, false);
    }
  }

  @Override
  public String toString() {
    return "RouteStep(" + name + " <- route " + routeId + ")";
  }
}
