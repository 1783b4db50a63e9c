package io.caravan.server;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus registry {@code GET /metrics} answers from. An instance built with a Prometheus
 * registry of its own is scraped as it is; otherwise the server adds one to the instance's
 * composite (which hands it every meter made so far) with the JVM's meters (memory, GC, threads,
 * processor, class loading, uptime), and takes it out again at close. The JVM's meters of a
 * registry the application gave are the application's to bind.
 */
final class ScrapedMetrics implements AutoCloseable {

  private final CompositeMeterRegistry instance;
  private final PrometheusMeterRegistry registry;
  /** The registry and GC listener the server made and closes; null when the application gave the registry. */
  private final JvmGcMetrics gc;

  private ScrapedMetrics(CompositeMeterRegistry instance, PrometheusMeterRegistry registry, JvmGcMetrics gc) {
    this.instance = instance;
    this.registry = registry;
    this.gc = gc;
  }

  static ScrapedMetrics over(CompositeMeterRegistry instance) {
    for (var r : instance.getRegistries()) {
      if (r instanceof PrometheusMeterRegistry given) {
        return new ScrapedMetrics(instance, given, null);
      }
    }
    PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(own);
    new JvmThreadMetrics().bindTo(own);
    new ProcessorMetrics().bindTo(own);
    new ClassLoaderMetrics().bindTo(own);
    new UptimeMetrics().bindTo(own);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(own);
    instance.add(own);
    return new ScrapedMetrics(instance, own, gc);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    if (gc == null) {
      return;
    }
    instance.remove(registry);
    gc.close();
    registry.close();
  }
}
