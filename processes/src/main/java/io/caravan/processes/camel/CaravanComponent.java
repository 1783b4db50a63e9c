package io.caravan.processes.camel;

import io.caravan.core.step.StepRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code caravan} Camel component: {@code caravan:step:<name>} is the step {@code <name>} of a
 * {@link StepRegistry}. Sending a query state to it runs the step and replies with the state the
 * step returns; a route consuming it implements the step (the route registers itself while it
 * runs). BPMN step tasks reach every step this way, whether a Java class, a policy or a route
 * implements it, so a process never knows which.
 *
 * <p>Routes written before this component consume {@code direct:step-<name>}; those are registered
 * as steps too when they are added to the context, and removed when the route is removed.
 *
 * <p>One component, and so one registry, per context: {@link #registry(CamelContext)} finds it, or
 * creates it with an empty registry. Cost per call: a map lookup, then the step.
 */
@Component(CaravanComponent.SCHEME)
public final class CaravanComponent extends DefaultComponent {

  public static final String SCHEME = "caravan";
  /** Every step endpoint URI starts with this; the step name follows. */
  public static final String STEP_PREFIX = SCHEME + ":step:";
  /** The endpoint routes written before this component consume to implement a step; the step name follows. */
  public static final String DIRECT_STEP_PREFIX = "direct:step-";
  /**
   * Route property marking a {@code direct:step-<name>} route that only forwards to {@code
   * caravan:step:<name>} (so older routes can still call a Java step there): it is not a second
   * implementation of the step.
   */
  public static final String FORWARDING_ROUTE = "caravanStepForward";

  @Metadata(description = "The configuration every endpoint starts from; its registry holds the steps")
  private StepConfiguration configuration;

  private final DirectStepRoutes directSteps = new DirectStepRoutes(this);

  /** A component over a new, empty registry (what Camel creates when a route names {@code caravan:} first). */
  public CaravanComponent() {
    this(new StepRegistry());
  }

  public CaravanComponent(StepRegistry registry) {
    this.configuration = new StepConfiguration();
    configuration.setRegistry(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * The step registry of {@code camel}'s {@code caravan} component, adding the component (over an
   * empty registry) when the context has none yet.
   */
  public static StepRegistry registry(CamelContext camel) {
    return camel.getComponent(SCHEME, CaravanComponent.class).registry();
  }

  /** The endpoint URI of step {@code name}. */
  public static String stepUri(String name) {
    return STEP_PREFIX + StepRegistry.requireValidName(name);
  }

  /**
   * The step a route consuming {@code endpointUri} implements, if any: {@code caravan:step:<name>}
   * or the older {@code direct:step-<name>}, in the forms Camel normalises to ({@code
   * caravan://step:x}, {@code direct://step-x}) and with endpoint options ({@code ?timeout=...}).
   */
  public static Optional<String> stepName(String endpointUri) {
    if (endpointUri == null) {
      return Optional.empty();
    }
    String prefix;
    String rest;
    if (endpointUri.startsWith(SCHEME + ":")) {
      prefix = "step:";
      rest = endpointUri.substring(SCHEME.length() + 1);
    } else if (endpointUri.startsWith("direct:")) {
      prefix = "step-";
      rest = endpointUri.substring("direct:".length());
    } else {
      return Optional.empty();
    }
    rest = rest.startsWith("//") ? rest.substring(2) : rest;
    int q = rest.indexOf('?');
    rest = q < 0 ? rest : rest.substring(0, q);
    if (!rest.startsWith(prefix)) {
      return Optional.empty();
    }
    String name = rest.substring(prefix.length());
    return StepRegistry.isValidName(name) ? Optional.of(name) : Optional.empty();
  }

  public StepRegistry registry() {
    return configuration.getRegistry();
  }

  public StepConfiguration getConfiguration() {
    return configuration;
  }

  /** The configuration endpoints copy; must hold a registry. */
  public void setConfiguration(StepConfiguration configuration) {
    Objects.requireNonNull(configuration.getRegistry(), "configuration.registry");
    this.configuration = configuration;
  }

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
    if (!remaining.startsWith("step:")) {
      throw new IllegalArgumentException("endpoint " + uri + ": expected caravan:step:<name>");
    }
    String name = remaining.substring("step:".length());
    try {
      StepRegistry.requireValidName(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("endpoint " + uri + ": " + e.getMessage(), e);
    }
    StepEndpoint endpoint = new StepEndpoint(uri, this, name, configuration.copy());
    setProperties(endpoint, parameters);
    return endpoint;
  }

  @Override
  protected void doInit() throws Exception {
    super.doInit();
    CamelContext camel = getCamelContext();
    camel.addLifecycleStrategy(directSteps);
    // routes that started before this component existed were added without it watching
    directSteps.onRoutesAdd(camel.getRoutes());
  }
}
