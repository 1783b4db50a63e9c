package io.caravan.processes;

import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import io.caravan.core.step.StepRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A started Camel context with one route per step, as the routes module will register them. Steps
 * the bundled processes name that other modules provide (the tool and agent steps) get stand-in
 * routes that hand the state back unchanged, so {@code deployBundled()} validates here; those
 * processes run for real in the modules that own their steps.
 */
final class StepRoutes {

  private static final Pattern STEP_FIELD = Pattern.compile("<flowable:field\\s+name=\"step\"\\s+stringValue=\"([^\"]+)\"");

  private StepRoutes() {}

  static DefaultCamelContext start(List<Step> steps) throws Exception {
    Set<String> standIns = bundledStepNames();
    steps.forEach(s -> standIns.remove(s.name()));
    DefaultCamelContext camel = new DefaultCamelContext();
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        for (Step step : steps) {
          from(StepEndpoints.uri(step.name()))
              .routeId("step-" + step.name())
              .process(exchange -> exchange.getMessage()
                  .setBody(StepRunner.run(step, exchange.getMessage().getMandatoryBody(RagState.class))));
        }
        for (String name : standIns) {
          from(StepEndpoints.uri(name)).routeId("stand-in-" + name).process(exchange -> { });
        }
      }
    });
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
