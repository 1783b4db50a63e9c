package io.caravan.processes;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/**
 * The one place that says how a step name maps to a Camel endpoint: step {@code retrieve} is
 * {@code direct:step-retrieve}. Processes send to it; the routes module consumes from it.
 *
 * <p>Cost: string work only; {@link #consumedBy} walks the context's routes once per call.
 */
public final class StepEndpoints {

  public static final String PREFIX = "direct:step-";

  /** Step names as BPMN files write them: a letter or digit first, then letters, digits, '-', '_' or '.'. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private StepEndpoints() {}

  /** The endpoint URI of step {@code name}. */
  public static String uri(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "step name must be letters, digits, '-', '_' or '.', starting with a letter or digit; was '" + name + "'");
    }
    return PREFIX + name;
  }

  /**
   * The URI processes send to: the same endpoint, but failing at once when no route consumes it.
   * Camel's direct producer otherwise waits 30 s for a consumer to appear, which turns a missing
   * route into a hung query; deployment has already checked that the route exists.
   */
  public static String sendUri(String name) {
    return uri(name) + "?block=false";
  }

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * The step an endpoint URI stands for, if it is a step endpoint. Accepts the forms Camel
   * normalises to ({@code direct://step-x}) and endpoint options ({@code ?timeout=...}).
   */
  public static Optional<String> stepName(String endpointUri) {
    if (endpointUri == null || !endpointUri.startsWith("direct:")) {
      return Optional.empty();
    }
    String rest = endpointUri.substring("direct:".length());
    if (rest.startsWith("//")) {
      rest = rest.substring(2);
    }
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (!rest.startsWith("step-")) {
      return Optional.empty();
    }
    String name = rest.substring("step-".length());
    return isValidName(name) ? Optional.of(name) : Optional.empty();
  }

  /**
   * Names of the steps some route of {@code camel} consumes. Reads both the running routes and the
   * route definitions, because definitions added before the context starts are not routes yet.
   */
  public static Set<String> consumedBy(CamelContext camel) {
    Objects.requireNonNull(camel, "camel");
    Set<String> names = new TreeSet<>();
    for (Route route : camel.getRoutes()) {
      stepName(route.getEndpoint().getEndpointUri()).ifPresent(names::add);
    }
    if (camel instanceof ModelCamelContext model) {
      for (RouteDefinition def : model.getRouteDefinitions()) {
        if (def.getInput() != null) {
          stepName(def.getInput().getEndpointUri()).ifPresent(names::add);
        }
      }
    }
    return names;
  }
}
