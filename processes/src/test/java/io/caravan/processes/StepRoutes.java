package io.caravan.processes;

import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/** A started Camel context with one route per step, as the routes module will register them. */
final class StepRoutes {

  private StepRoutes() {}

  static DefaultCamelContext start(List<Step> steps) throws Exception {
    DefaultCamelContext camel = new DefaultCamelContext();
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        for (Step step : steps) {
          from(StepEndpoints.uri(step.name()))
              .routeId("step-" + step.name())
              .process(exchange -> exchange.getMessage()
                  .setBody(step.apply(exchange.getMessage().getMandatoryBody(RagState.class))));
        }
      }
    });
    camel.start();
    return camel;
  }
}
