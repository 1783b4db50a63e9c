package io.caravan.processes.camel;

import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import io.caravan.core.step.StepRunner;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.support.DefaultProducer;

/**
 * Runs the endpoint's step on the query state in the body and puts the state it returns in the
 * body. The step is looked up at each call, so a route that stops or starts changes what runs; an
 * unknown name fails the exchange with {@link io.caravan.core.step.UnknownStepException}, a body
 * that is not a query state with {@link InvalidPayloadException}, a failing step with its own
 * exception.
 */
final class StepProducer extends DefaultProducer {

  private final StepEndpoint endpoint;

  StepProducer(StepEndpoint endpoint) {
    super(endpoint);
    this.endpoint = endpoint;
  }

  @Override
  public void process(Exchange exchange) throws InvalidPayloadException {
    RagState state = exchange.getMessage().getMandatoryBody(RagState.class);
    Step step = endpoint.registry().require(endpoint.getName());
    RagState next;
    if (step instanceof RouteStep route) {
      // a route may call other steps, whose events come first; its own follows unless declared untraced
      StepRunner.Started clock = StepRunner.start(route.name());
      Step.Result result = route.run(state);
      next = route.traced() ? clock.finish(result) : result.state();
    } else {
      next = StepRunner.run(step, state);
    }
    exchange.getMessage().setBody(next);
  }
}
