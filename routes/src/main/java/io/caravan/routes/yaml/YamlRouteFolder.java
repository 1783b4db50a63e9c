package io.caravan.routes.yaml;

import io.caravan.core.step.StepRegistry;
import io.caravan.processes.camel.CaravanComponent;
import io.caravan.routes.steps.RouteStepTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads user routes written in Camel's YAML DSL from one folder ({@code *.yaml}, including {@code
 * *.camel.yaml}; not recursive; names starting with '.' skipped) into a context that has not
 * started yet, so that processes deployed afterwards can name steps these routes implement.
 *
 * <p>Each file is loaded on its own so that an error names it: a file that does not parse, a route
 * id another route already has (Camel would silently replace the earlier route), or a {@code
 * direct:} endpoint another route already consumes fails with {@link IllegalArgumentException}.
 * Routes without an id get {@code <file stem>-<n>}, so Camel's own start-up errors (an unknown
 * component, a bad endpoint option) name the file too. A route consuming {@code
 * caravan:step:<name>} (or the older {@code direct:step-<name>}) is a step; a second implementation
 * of a step, in a file or already registered, fails naming the file. A {@code direct:step-<name>}
 * route gets a {@link RouteStepTrace} so it shows in the trace (the {@code caravan} component
 * traces the other form itself).
 *
 * <p>Cost: one YAML parse per file at start-up; nothing per message.
 */
public final class YamlRouteFolder {

  private static final Logger LOG = LoggerFactory.getLogger(YamlRouteFolder.class);
  private static final String OWN_ROUTES = "Caravan's own routes";

  private final Path dir;

  public YamlRouteFolder(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  public Path dir() {
    return dir;
  }

  /**
   * The route files in the folder, sorted by name.
   *
   * @throws IllegalArgumentException when the folder does not exist or is not a folder
   */
  public List<Path> files() {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("routes folder " + dir.toAbsolutePath() + " does not exist or is not a folder");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> {
            String name = p.getFileName().toString();
            return !name.startsWith(".") && name.endsWith(".yaml") && Files.isRegularFile(p);
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list routes folder " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Adds every route of every file to {@code camel}, which must not have started.
   *
   * @return the files loaded, in load order
   * @throws IllegalArgumentException naming the file, when one cannot be loaded
   */
  public List<Path> loadInto(CamelContext camel) {
    Objects.requireNonNull(camel, "camel");
    if (camel.isStarted()) {
      // routes added to a running context start at once, before their steps could get a trace policy
      throw new IllegalStateException("YAML routes must be loaded before the Camel context starts");
    }
    if (!(camel instanceof ModelCamelContext model)) {
      throw new IllegalArgumentException("the Camel context keeps no route model: " + camel.getClass().getName());
    }
    List<Path> files = files();
    for (Path file : files) {
      load(camel, model, file);
    }
    return files;
  }

  private void load(CamelContext camel, ModelCamelContext model, Path file) {
    Map<RouteDefinition, Boolean> before = new IdentityHashMap<>();
    Map<String, String> ids = new LinkedHashMap<>();
    for (RouteDefinition def : model.getRouteDefinitions()) {
      before.put(def, Boolean.TRUE);
      if (def.getRouteId() != null) {
        ids.put(def.getRouteId(), owner(def));
      }
    }
    try {
      Resource resource = ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath());
      PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
    } catch (Exception e) {
      throw broken(file, reason(e), e);
    }

    List<RouteDefinition> added = new ArrayList<>();
    for (RouteDefinition def : model.getRouteDefinitions()) {
      if (!before.containsKey(def)) {
        added.add(def);
      }
    }
    String stem = stem(file);
    List<String> steps = new ArrayList<>();
    int n = 0;
    for (RouteDefinition def : added) {
      n++;
      String id = def.getRouteId();
      if (id == null) {
        id = stem + "-" + n;
        def.routeId(id);
      }
      String previous = ids.putIfAbsent(id, file.toString());
      if (previous != null) {
        throw broken(file, "route id '" + id + "' is already used by " + previous, null);
      }
      Optional<String> step = checkConsumer(camel, model, def, file);
      if (step.isPresent()) {
        if (def.getInput().getEndpointUri().startsWith("direct:")) {
          def.routePolicy(new RouteStepTrace(step.get()));
        }
        steps.add(step.get());
      }
    }
    if (added.isEmpty()) {
      LOG.warn("routes file {} defines no routes", file);
    } else {
      LOG.info("loaded routes file {}: routes {}{}", file, added.stream().map(RouteDefinition::getRouteId).toList(),
          steps.isEmpty() ? "" : ", steps " + steps);
    }
  }

  /**
   * Fails when another route consumes the same direct endpoint or implements the same step, or a
   * Java step has the name; returns the step name, if a step.
   */
  private static Optional<String> checkConsumer(CamelContext camel, ModelCamelContext model, RouteDefinition def, Path file) {
    if (def.getInput() == null) {
      return Optional.empty();
    }
    String uri = def.getInput().getEndpointUri();
    Optional<String> key = directKey(uri);
    if (key.isPresent()) {
      for (RouteDefinition other : model.getRouteDefinitions()) {
        if (other != def && other.getInput() != null && key.equals(directKey(other.getInput().getEndpointUri()))) {
          throw broken(file, "route '" + def.getRouteId() + "' consumes " + uri + ", which route '" + other.getRouteId()
              + "' of " + owner(other) + " already consumes; a direct endpoint has one consumer", null);
        }
      }
    }
    Optional<String> step = CaravanComponent.stepName(uri);
    if (step.isEmpty()) {
      return step;
    }
    Optional<StepRegistry.Entry> registered = CaravanComponent.registry(camel).entry(step.get());
    if (registered.isPresent()) {
      throw broken(file, "route '" + def.getRouteId() + "' implements step '" + step.get() + "' (" + uri
          + "), which is already registered (" + registered.get().origin() + "); a step has one implementation", null);
    }
    for (RouteDefinition other : model.getRouteDefinitions()) {
      if (other != def && other.getInput() != null && step.equals(CaravanComponent.stepName(other.getInput().getEndpointUri()))) {
        throw broken(file, "route '" + def.getRouteId() + "' implements step '" + step.get() + "' (" + uri + "), which route '"
            + other.getRouteId() + "' of " + owner(other) + " already implements; a step has one implementation", null);
      }
    }
    return step;
  }

  /** {@code direct:x}, {@code direct://x} and {@code direct:x?timeout=1} are one endpoint. */
  private static Optional<String> directKey(String uri) {
    if (uri == null || !uri.startsWith("direct:")) {
      return Optional.empty();
    }
    String rest = uri.substring("direct:".length());
    rest = rest.startsWith("//") ? rest.substring(2) : rest;
    int q = rest.indexOf('?');
    return Optional.of(q < 0 ? rest : rest.substring(0, q));
  }

  private static String owner(RouteDefinition def) {
    Resource r = def.getResource();
    if (r == null || r.getLocation() == null) {
      return OWN_ROUTES;
    }
    String location = r.getLocation();
    return location.startsWith("file:") ? location.substring("file:".length()) : location;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    for (String ext : List.of(".camel.yaml", ".yaml")) {
      if (name.endsWith(ext)) {
        return name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }

  /** The innermost message: Camel wraps the YAML parser's error, which has the line and column. */
  private static String reason(Throwable e) {
    String reason = e.toString();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        reason = t.getMessage().strip();
      }
    }
    return reason;
  }

  private static IllegalArgumentException broken(Path file, String why, Throwable cause) {
    return new IllegalArgumentException("routes file " + file + ": " + why, cause);
  }
}
