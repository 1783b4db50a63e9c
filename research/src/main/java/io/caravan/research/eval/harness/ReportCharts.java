package io.caravan.research.eval.harness;

import io.caravan.research.eval.report.Charts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The charts written beside a report, as SVG: {@code recall-at-k.svg} (one curve per recall family
 * the task reports, e.g. {@code recall@k} or {@code sp_recall@k}, when it has at least two ks) and
 * {@code latency.svg} (histogram of per-query latency). Cost: milliseconds of rendering.
 */
public final class ReportCharts {

  private static final Pattern RECALL = Pattern.compile("(.*recall)@(\\d+)");

  private final Charts charts;

  public ReportCharts(Charts charts) {
    this.charts = charts;
  }

  /** Writes the charts into {@code dir}; returns the files written. */
  public List<Path> write(EvalReport report, Path dir) {
    List<Path> written = new ArrayList<>();
    Map<String, TreeMap<Integer, Double>> families = new LinkedHashMap<>();
    report.metrics().forEach((name, mean) -> {
      Matcher m = RECALL.matcher(name);
      if (m.matches()) {
        families.computeIfAbsent(m.group(1), f -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), mean);
      }
    });
    // the curve spans one decade below the largest k: a linear axis reads well there, and the small
    // ks (recall@1) stay in the JSON and Markdown
    families.values().forEach(points -> points.headMap(points.lastKey() / 10).clear());
    families.values().removeIf(points -> points.size() < 2);
    if (!families.isEmpty()) {
      // one k axis for all families: the union of their ks, each curve where it has a value
      for (Map.Entry<String, TreeMap<Integer, Double>> f : families.entrySet()) {
        int[] ks = f.getValue().keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] ys = f.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
        Path out = dir.resolve(families.size() == 1 ? "recall-at-k.svg" : f.getKey() + "-at-k.svg");
        charts.recallAtK(Map.of(report.run().process(), ys), ks, f.getKey() + "@k, " + report.run().process() + " on " + report.run().dataset(), out);
        written.add(out);
      }
    }
    double[] ms = report.perQuery().stream().mapToDouble(QueryResult::latencyMs).toArray();
    Path latency = dir.resolve("latency.svg");
    charts.latencyHistogram(Map.of(report.run().process(), ms), "latency per query (ms), " + report.run().process(), latency);
    written.add(latency);
    return written;
  }
}
