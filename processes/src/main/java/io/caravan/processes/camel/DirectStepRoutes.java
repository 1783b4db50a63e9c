package io.caravan.processes.camel;

import io.caravan.core.step.StepRegistry;
import java.util.Collection;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Registers the routes that consume {@code direct:step-<name>}, the endpoint steps had before the
 * {@code caravan} component, as step {@code <name>} when Camel adds them, and removes them with the
 * route, so such routes stay steps. They get the headers but no trace event here: the YAML loader
 * gives YAML routes a trace policy of their own, which also times them when other routes call
 * them directly. Routes marked {@link CaravanComponent#FORWARDING_ROUTE} only forward to {@code
 * caravan:step:<name>} and are skipped.
 */
final class DirectStepRoutes extends LifecycleStrategySupport {

  private final CaravanComponent component;

  DirectStepRoutes(CaravanComponent component) {
    this.component = component;
  }

  @Override
  public void onRoutesAdd(Collection<Route> routes) {
    StepRegistry registry = component.registry();
    for (Route route : routes) {
      Optional<String> step = directStep(route);
      if (step.isEmpty() || registered(registry, step.get(), route).isPresent()) {
        continue; // not a step route, or a stopped route starting again
      }
      CamelContext camel = route.getCamelContext();
      String id = route.getId();
      registry.register(new RouteStep(step.get(), id, () -> consumerOf(camel, id), false), RouteStep.origin(route, id));
    }
  }

  @Override
  public void onRoutesRemove(Collection<Route> routes) {
    StepRegistry registry = component.registry();
    for (Route route : routes) {
      directStep(route).flatMap(name -> registered(registry, name, route)).ifPresent(registry::unregister);
    }
  }

  private static Optional<String> directStep(Route route) {
    String uri = route.getEndpoint() == null ? null : route.getEndpoint().getEndpointUri();
    if (uri == null || !uri.startsWith("direct:") || route.getProperties().containsKey(CaravanComponent.FORWARDING_ROUTE)) {
      return Optional.empty();
    }
    return CaravanComponent.stepName(uri);
  }

  private static Optional<RouteStep> registered(StepRegistry registry, String name, Route route) {
    return registry.find(name)
        .filter(s -> s instanceof RouteStep r && r.routeId().equals(route.getId()))
        .map(RouteStep.class::cast);
  }

  private static Consumer consumerOf(CamelContext camel, String routeId) {
    Route route = camel.getRoute(routeId);
    return route == null ? null : route.getConsumer();
  }
}
