package io.caravan.processes.camel;

import io.caravan.core.step.StepRegistry;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** Options of a {@code caravan:step:<name>} endpoint; the component's copy is where each endpoint starts. */
@UriParams
public final class StepConfiguration implements Cloneable {

  @UriParam(label = "advanced", description = "The registry the step name is looked up in (the component's by default)")
  private StepRegistry registry;

  @UriParam(
      label = "consumer",
      defaultValue = "true",
      description = "Whether the route implementing the step adds a trace event named after the step, with the route id and"
          + " its duration; turn off for a route that writes its own event")
  private boolean trace = true;

  public StepRegistry getRegistry() {
    return registry;
  }

  public void setRegistry(StepRegistry registry) {
    this.registry = registry;
  }

  public boolean isTrace() {
    return trace;
  }

  public void setTrace(boolean trace) {
    this.trace = trace;
  }

  public StepConfiguration copy() {
    try {
      return (StepConfiguration) super.clone();
    } catch (CloneNotSupportedException e) {
      throw new RuntimeCamelException(e);
    }
  }
}
