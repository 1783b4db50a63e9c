package io.caravan.research.eval.harness;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.caravan.research.eval.stats.LatencySummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The result of one evaluation run, written as {@code report.json} (schema below, {@link
 * #SCHEMA_VERSION}) and rendered as Markdown. Means are over the queries that did not fail; failed
 * queries are counted and listed, never silently scored.
 *
 * <pre>
 * {
 *   "schemaVersion": 1,
 *   "run": {"format", "dataset", "process", "split", "settings": {key: value}, "startedAt"},
 *   "queries": n, "failed": n,
 *   "metrics": {name: mean, ...},                       // task's metric order
 *   "latency": {"count", "meanMillis", "p50Millis", "p95Millis", "p99Millis", "throughputPerSecond"},
 *   "calls": {"retrievalTotal", "modelTotal", "retrievalPerQuery", "modelPerQuery"},
 *   "decisions": {policy: {choice: count}},
 *   "perQuery": [{"id", "metrics": {name: value}, "latencyMs", "retrievalCalls", "modelCalls",
 *                 "decisions": [{"policy", "choice"}], "error": null | "message"}]
 * }
 * </pre>
 *
 * Throughput is queries per second of summed latency (queries run one after another, and a resumed
 * run's earlier sessions count too).
 */
public record EvalReport(
    int schemaVersion,
    RunInfo run,
    int queries,
    int failed,
    Map<String, Double> metrics,
    LatencySummary latency,
    Calls calls,
    Map<String, Map<String, Integer>> decisions,
    List<QueryResult> perQuery) {

  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** What was evaluated. */
  public record RunInfo(String format, String dataset, String process, String split, Map<String, String> settings, String startedAt) {
    public RunInfo {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(process, "process");
      settings = Collections.unmodifiableMap(new TreeMap<>(settings == null ? Map.of() : settings));
    }
  }

  public record Calls(long retrievalTotal, long modelTotal, double retrievalPerQuery, double modelPerQuery) {}

  public EvalReport {
    Objects.requireNonNull(run, "run");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    decisions = Collections.unmodifiableMap(new TreeMap<>(decisions));
    perQuery = List.copyOf(perQuery);
  }

  /** This report with {@code more} metrics added after its own (a task's corpus-level metrics). */
  public EvalReport withMetrics(Map<String, Double> more) {
    Map<String, Double> all = new LinkedHashMap<>(metrics);
    all.putAll(more);
    return new EvalReport(schemaVersion, run, queries, failed, all, latency, calls, decisions, perQuery);
  }

  /** Aggregates per-query results (in query order) into a report. */
  public static EvalReport of(RunInfo run, List<String> metricNames, List<QueryResult> results) {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no query results to report");
    }
    List<QueryResult> ok = results.stream().filter(r -> !r.failed()).toList();
    Map<String, Double> means = new LinkedHashMap<>();
    for (String m : metricNames) {
      double sum = 0;
      int n = 0;
      for (QueryResult r : ok) {
        Double v = r.metrics().get(m);
        if (v != null) {
          sum += v;
          n++;
        }
      }
      if (n > 0) {
        means.put(m, sum / n);
      }
    }
    double[] lat = new double[results.size()];
    double totalMs = 0;
    long retrievals = 0;
    long models = 0;
    Map<String, Map<String, Integer>> decisions = new TreeMap<>();
    for (int i = 0; i < results.size(); i++) {
      QueryResult r = results.get(i);
      lat[i] = r.latencyMs();
      totalMs += r.latencyMs();
      retrievals += r.retrievalCalls();
      models += r.modelCalls();
      for (QueryResult.DecisionRef d : r.decisions()) {
        decisions.computeIfAbsent(d.policy(), p -> new TreeMap<>()).merge(d.choice(), 1, Integer::sum);
      }
    }
    Duration wall = Duration.ofNanos(Math.max(1, Math.round(totalMs * 1e6)));
    int n = results.size();
    return new EvalReport(
        SCHEMA_VERSION,
        run,
        n,
        n - ok.size(),
        means,
        LatencySummary.of(lat, wall),
        new Calls(retrievals, models, retrievals / (double) n, models / (double) n),
        decisions,
        results);
  }

  public static EvalReport read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such report: " + file);
    }
    EvalReport r;
    try {
      r = JSON.readValue(file.toFile(), EvalReport.class);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not an evaluation report: " + file + ": " + e.getMessage(), e);
    }
    if (r.schemaVersion() != SCHEMA_VERSION) {
      throw new IllegalArgumentException(file + " has report schema " + r.schemaVersion() + "; this version reads " + SCHEMA_VERSION);
    }
    return r;
  }

  /** Writes the JSON atomically (temporary file, then rename), so a reader never sees half a report. */
  public void writeJson(Path file) throws IOException {
    write(file, JSON.writeValueAsString(this) + "\n");
  }

  public void writeMarkdown(Path file) throws IOException {
    write(file, markdown());
  }

  private static void write(Path file, String text) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Per-query values of one metric, by query id, for the queries that did not fail. */
  public Map<String, Double> perQuery(String metric) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (QueryResult r : perQuery) {
      Double v = metric.equals(ReportComparison.LATENCY) ? Double.valueOf(r.latencyMs()) : r.metrics().get(metric);
      if (!r.failed() && v != null) {
        out.put(r.id(), v);
      }
    }
    return out;
  }

  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Evaluation: ").append(run.process()).append(" on ").append(run.dataset()).append(" (").append(run.format());
    if (run.split() != null && !run.split().isEmpty()) {
      md.append(", ").append(run.split());
    }
    md.append(")\n\n");
    md.append(String.format(Locale.ROOT, "%d queries, %d failed. Started %s.%n%n", queries, failed, run.startedAt()));
    md.append("| metric | mean |\n| --- | ---: |\n");
    metrics.forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %.4f |%n", k, v)));
    md.append("\n| latency | ms |\n| --- | ---: |\n");
    md.append(String.format(Locale.ROOT, "| mean | %.1f |%n| p50 | %.1f |%n| p95 | %.1f |%n| p99 | %.1f |%n", latency.meanMillis(), latency.p50Millis(), latency.p95Millis(), latency.p99Millis()));
    md.append(String.format(Locale.ROOT, "%nThroughput %.2f queries/s (one at a time). Calls per query: %.2f retrieval, %.2f model.%n",
        latency.throughputPerSecond(), calls.retrievalPerQuery(), calls.modelPerQuery()));
    if (!decisions.isEmpty()) {
      md.append("\n| policy | choice | queries |\n| --- | --- | ---: |\n");
      decisions.forEach((p, choices) -> choices.forEach((c, n) -> md.append("| ").append(p).append(" | ").append(c).append(" | ").append(n).append(" |\n")));
    }
    List<QueryResult> failures = new ArrayList<>();
    for (QueryResult r : perQuery) {
      if (r.failed()) {
        failures.add(r);
      }
    }
    if (!failures.isEmpty()) {
      md.append("\nFailed queries (left out of the means):\n\n");
      for (QueryResult r : failures.subList(0, Math.min(20, failures.size()))) {
        md.append("- `").append(r.id()).append("`: ").append(r.error()).append('\n');
      }
      if (failures.size() > 20) {
        md.append("- ... ").append(failures.size() - 20).append(" more in report.json\n");
      }
    }
    md.append("\nSettings: `").append(run.settings()).append("`\n");
    return md.toString();
  }
}
