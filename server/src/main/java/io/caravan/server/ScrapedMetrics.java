package io.caravan.server;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Prometheus registry {@code GET /metrics} answers from: the instance's own when it was built
 * with one ({@code caravan serve} builds it so), else one the server adds to the instance's
 * composite, which hands it every meter made so far (Micrometer warns once that counts before
 * that moment are not in it; gauges are read at each scrape and are whole).
 *
 * <p>The JVM's meters (memory, GC, threads, processor, class loading, uptime) are bound to it
 * unless it has them already, as a registry an application binds itself would; what the server
 * bound or made it takes away at close, so a registry that outlives the server keeps no GC
 * listener of it.
 */
final class ScrapedMetrics implements AutoCloseable {

  private final CompositeMeterRegistry instance;
  private final PrometheusMeterRegistry registry;
  private final boolean made;
  /** The GC listener and the JVM meters bound here; null and empty when the registry had them. */
  private final JvmGcMetrics gc;
  private final List<Meter> jvm;

  private ScrapedMetrics(CompositeMeterRegistry instance, PrometheusMeterRegistry registry, boolean made) {
    this.instance = instance;
    this.registry = registry;
    this.made = made;
    if (registry.find("jvm.memory.used").meter() == null) {
      Set<Meter.Id> before = new HashSet<>();
      registry.getMeters().forEach(m -> before.add(m.getId()));
      this.gc = new JvmGcMetrics();
      for (var binder : List.of(new JvmMemoryMetrics(), new JvmThreadMetrics(), new ProcessorMetrics(), new ClassLoaderMetrics(), new UptimeMetrics(), gc)) {
        binder.bindTo(registry);
      }
      this.jvm = registry.getMeters().stream().filter(m -> !before.contains(m.getId())).toList();
    } else {
      this.gc = null;
      this.jvm = List.of();
    }
  }

  static ScrapedMetrics over(CompositeMeterRegistry instance) {
    for (MeterRegistry r : instance.getRegistries()) {
      if (r instanceof PrometheusMeterRegistry given) {
        return new ScrapedMetrics(instance, given, false);
      }
    }
    PrometheusMeterRegistry made = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    instance.add(made);
    return new ScrapedMetrics(instance, made, true);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    if (gc != null) {
      gc.close();
      jvm.forEach(registry::remove);
    }
    if (made) {
      instance.remove(registry);
      registry.close();
    }
  }
}
