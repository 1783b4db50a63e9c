package io.caravan.processes.camel;

import io.caravan.core.step.StepRegistry;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code caravan:step:<name>}: a producer runs the step with the query state in the body and
 * replies with the state it returns; a consumer makes its route the step's implementation.
 */
@UriEndpoint(
    firstVersion = "0.1.0",
    scheme = CaravanComponent.SCHEME,
    title = "Caravan Step",
    syntax = "caravan:step:name",
    category = {Category.WORKFLOW, Category.AI},
    headersClass = StepHeaders.class)
public final class StepEndpoint extends DefaultEndpoint {

  @UriPath(description = "The step name, as BPMN step tasks write it")
  @Metadata(required = true)
  private final String name;

  @UriParam
  private StepConfiguration configuration;

  StepEndpoint(String uri, CaravanComponent component, String name, StepConfiguration configuration) {
    super(uri, component);
    this.name = name;
    this.configuration = configuration;
  }

  public String getName() {
    return name;
  }

  public StepConfiguration getConfiguration() {
    return configuration;
  }

  // setters Camel binds the URI options to (caravan:step:x?trace=false)

  public void setRegistry(StepRegistry registry) {
    configuration.setRegistry(registry);
  }

  public void setTrace(boolean trace) {
    configuration.setTrace(trace);
  }

  StepRegistry registry() {
    StepRegistry registry = configuration.getRegistry();
    if (registry == null) {
      throw new IllegalStateException("endpoint " + getEndpointUri() + " has no step registry");
    }
    return registry;
  }

  @Override
  public Producer createProducer() {
    return new StepProducer(this);
  }

  @Override
  public Consumer createConsumer(Processor processor) throws Exception {
    StepConsumer consumer = new StepConsumer(this, processor);
    configureConsumer(consumer);
    return consumer;
  }
}
