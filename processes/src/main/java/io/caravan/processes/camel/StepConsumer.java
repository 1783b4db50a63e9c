package io.caravan.processes.camel;

import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * The consumer of {@code caravan:step:<name>}: while it runs, its route is the step {@code <name>}
 * in the registry (start fails when another step has the name), and stopping it removes the step.
 */
final class StepConsumer extends DefaultConsumer {

  private final StepEndpoint endpoint;
  private RouteStep step;

  StepConsumer(StepEndpoint endpoint, Processor processor) {
    super(endpoint, processor);
    this.endpoint = endpoint;
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    RouteStep s = new RouteStep(endpoint.getName(), getRouteId(), () -> this, endpoint.getConfiguration().isTrace());
    endpoint.registry().register(s, RouteStep.origin(getRoute(), getRouteId()));
    step = s;
  }

  @Override
  protected void doStop() throws Exception {
    if (step != null) {
      endpoint.registry().unregister(step);
      step = null;
    }
    super.doStop();
  }
}
