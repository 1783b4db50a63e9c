package io.caravan.runtime;

import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.triton.ModelMetrics;
import io.caravan.core.spi.DocumentIndex;
import io.caravan.ingest.IngestReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The meter registry of one Caravan instance and the meters that describe the instance rather than
 * one run: the index's size, what ingestion wrote, skipped and failed, and the calls to Triton.
 *
 * <p>Every meter is registered on a composite of this instance's own, which forwards to the
 * registry the builder was given: so that the instance can take all of its meters out of that
 * registry when it closes (the application's registry outlives it, and a gauge over a closed index
 * would fail on every scrape), and so that a registry added later (the HTTP server's Prometheus
 * one) receives every meter, those made before included.
 *
 * <p>Tag values from processes, steps and policy choices are capped per tag key ({@value
 * #MAX_TAG_VALUES} distinct values; meters beyond are not recorded) so that a process deployed
 * through the API with thousands of step names cannot grow the registry without bound.
 */
final class InstanceMeters implements Consumer<IngestReport>, AutoCloseable {

  static final int MAX_TAG_VALUES = 200;

  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private final Counter added;
  private final Counter updated;
  private final Counter skipped;
  private final Counter failed;
  private final Counter chunks;
  private final Timer ingestions;

  InstanceMeters(MeterRegistry target) {
    for (String key : List.of("process", "step", "policy", "choice", "model")) {
      registry.config().meterFilter(MeterFilter.maximumAllowableTags("caravan.", key, MAX_TAG_VALUES, MeterFilter.deny()));
    }
    registry.add(target);
    this.added = documents("added");
    this.updated = documents("updated");
    this.skipped = documents("skipped");
    this.failed = documents("failed");
    this.chunks = Counter.builder("caravan.ingest.chunks").description("Chunks encoded and written by ingestion").register(registry);
    this.ingestions = Timer.builder("caravan.ingest").description("Ingestion calls (a file, a folder, an HTTP batch)").register(registry);
  }

  private Counter documents(String result) {
    return Counter.builder("caravan.ingest.documents")
        .description("Documents by what ingestion did with them; failed also counts files and lines left out")
        .tag("result", result)
        .register(registry);
  }

  /** The registry the instance's meters go to. */
  CompositeMeterRegistry registry() {
    return registry;
  }

  @Override
  public void accept(IngestReport report) {
    added.increment(report.added());
    updated.increment(report.updated());
    skipped.increment(report.skipped());
    failed.increment(report.failed());
    chunks.increment(report.chunks());
    ingestions.record(report.elapsed());
  }

  /** Gauges of the index's size, read at each scrape; chunks only where the index can count them. */
  void index(DocumentIndex index, LuceneIndex lucene) {
    Gauge.builder("caravan.index.documents", index, DocumentIndex::documentCount).description("Documents in the index").register(registry);
    if (lucene != null) {
      Gauge.builder("caravan.index.chunks", lucene, LuceneIndex::chunkCount).description("Chunks in the index").register(registry);
    }
  }

  /** Each Triton model's calls (count and time), items, failures, retries, breaker refusals and fallbacks. */
  void triton(List<ModelMetrics> models) {
    for (ModelMetrics m : models) {
      FunctionTimer.builder("caravan.triton.calls", m, ModelMetrics::calls, ModelMetrics::latencyTotalNanos, TimeUnit.NANOSECONDS)
          .description("Successful Triton calls, client side")
          .tag("model", m.model())
          .register(registry);
      counter("caravan.triton.items", "Items the Triton calls carried", m, ModelMetrics::items);
      counter("caravan.triton.failures", "Failed Triton call attempts", m, ModelMetrics::failures);
      counter("caravan.triton.retries", "Retried Triton calls", m, ModelMetrics::retries);
      counter("caravan.triton.refused", "Triton calls refused by the open circuit breaker", m, ModelMetrics::refusedByBreaker);
      counter("caravan.triton.fallbacks", "Items served in-process instead of by the Triton model", m, ModelMetrics::fallbacks);
    }
  }

  private void counter(String name, String description, ModelMetrics m, ToDoubleFunction<ModelMetrics> f) {
    FunctionCounter.builder(name, m, f).description(description).tag("model", m.model()).register(registry);
  }

  /** Takes every meter of this instance out of the registries it went to, and detaches them. */
  @Override
  public void close() {
    registry.getMeters().forEach(registry::remove);
    List.copyOf(registry.getRegistries()).forEach(registry::remove);
  }
}
