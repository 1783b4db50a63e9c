package io.caravan.processes;

import io.caravan.core.spi.Step;
import io.caravan.core.step.StepRegistry;
import io.caravan.processes.camel.CaravanComponent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A started Camel context whose step registry holds the given steps, as the routes module will
 * register them. Steps the bundled processes name that other modules provide (the tool and agent
 * steps) get stand-ins that hand the state back unchanged, so {@code deployBundled()} validates
 * here; those processes run for real in the modules that own their steps.
 */
final class StepRoutes {

  private static final Pattern STEP_FIELD = Pattern.compile("<flowable:field\\s+name=\"step\"\\s+stringValue=\"([^\"]+)\"");

  private StepRoutes() {}

  static DefaultCamelContext start(List<Step> steps) throws Exception {
    Set<String> standIns = bundledStepNames();
    steps.forEach(s -> standIns.remove(s.name()));
    DefaultCamelContext camel = new DefaultCamelContext();
    StepRegistry registry = CaravanComponent.registry(camel);
    registry.registerAll(steps);
    for (String name : standIns) {
      registry.register(Step.of(name, UnaryOperator.identity()), "a stand-in");
    }
    camel.start();
    return camel;
  }

  private static Set<String> bundledStepNames() {
    Set<String> names = new TreeSet<>();
    for (String file : read("bundled.txt").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
      Matcher m = STEP_FIELD.matcher(read(file));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static String read(String resource) {
    try (InputStream in = ProcessRunner.class.getResourceAsStream("/io/caravan/processes/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("no bundled resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
