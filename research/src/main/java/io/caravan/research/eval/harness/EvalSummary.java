package io.caravan.research.eval.harness;

import io.caravan.research.eval.report.Charts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several reports side by side: one Markdown table per dataset format (every metric, latency and
 * retrieval calls per query) and, per format, a cost-quality scatter with one point per report
 * (x: median latency in ms, y: the format's headline metric). This is the results table the
 * benchmarks folder keeps.
 */
public final class EvalSummary {

  /** The metric a format is judged by first, the y of its cost-quality chart. */
  static final Map<String, String> HEADLINE =
      Map.of("beir", "ndcg@10", "hotpot", "sp_both@10", "tools", "sufficiency@10", "canard", "token_f1");

  /** A report and the name it goes by in the table (usually its folder). */
  public record Entry(String label, EvalReport report) {}

  private final List<Entry> entries;

  public EvalSummary(List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a summary needs at least one report");
    }
    this.entries = List.copyOf(entries);
  }

  public String markdown() {
    StringBuilder md = new StringBuilder();
    byFormat().forEach(
        (format, group) -> {
          List<String> metrics = new ArrayList<>(group.get(0).report().metrics().keySet());
          md.append("### ").append(format).append("\n\n| run | dataset | process | queries |");
          metrics.forEach(m -> md.append(' ').append(m).append(" |"));
          md.append(" p50 ms | p95 ms | retrievals/query |\n|---|---|---|---:|");
          metrics.forEach(m -> md.append("---:|"));
          md.append("---:|---:|---:|\n");
          for (Entry e : group) {
            EvalReport r = e.report();
            md.append("| ").append(e.label()).append(" | ").append(Path.of(r.run().dataset()).getFileName()).append(" | ").append(r.run().process())
                .append(" | ").append(r.queries()).append(" |");
            for (String m : metrics) {
              Double v = r.metrics().get(m);
              md.append(v == null ? " - |" : String.format(Locale.ROOT, " %.4f |", v));
            }
            md.append(String.format(Locale.ROOT, " %.1f | %.1f | %.2f |%n", r.latency().p50Millis(), r.latency().p95Millis(), r.calls().retrievalPerQuery()));
          }
          md.append('\n');
        });
    return md.toString();
  }

  /** Writes {@code cost-quality-<format>.svg} into {@code dir} for each format; returns the files. */
  public List<Path> writeCharts(Charts charts, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, List<Entry>> g : byFormat().entrySet()) {
      String metric = HEADLINE.getOrDefault(g.getKey(), g.getValue().get(0).report().metrics().keySet().iterator().next());
      List<Charts.Point> points = new ArrayList<>();
      for (Entry e : g.getValue()) {
        Double q = e.report().metrics().get(metric);
        if (q != null) {
          points.add(new Charts.Point(e.label(), e.report().latency().p50Millis(), q));
        }
      }
      if (points.isEmpty()) {
        continue;
      }
      Path out = dir.resolve("cost-quality-" + g.getKey() + ".svg");
      charts.costQuality(points, "median latency per query (ms)", metric, g.getKey() + ": quality against cost", out);
      written.add(out);
    }
    return written;
  }

  private Map<String, List<Entry>> byFormat() {
    Map<String, List<Entry>> groups = new LinkedHashMap<>();
    for (Entry e : entries) {
      groups.computeIfAbsent(e.report().run().format(), f -> new ArrayList<>()).add(e);
    }
    return groups;
  }
}
