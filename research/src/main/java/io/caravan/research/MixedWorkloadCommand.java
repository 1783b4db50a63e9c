package io.caravan.research;

import io.caravan.research.eval.harness.EvalReport;
import io.caravan.research.eval.harness.HashSplit;
import io.caravan.research.eval.harness.QueryResult;
import io.caravan.research.eval.report.Charts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caravan policy mixed-workload}: Adaptive-RAG's cost-quality comparison over a mixed
 * workload, from existing {@code caravan eval} reports. The workload is every query of the BEIR
 * reports (SciFact test: mostly single-hop, quality nDCG@10) together with the held-out half of
 * the HotpotQA reports (multi-hop, quality sp_both@10; the half {@code train-depth} never trained
 * on, by the same id hash). Per configuration: mean quality over all queries, per part, and
 * retrieval calls per query; relative to {@code always-multi} when present. Writes a Markdown table
 * and a cost-quality chart.
 */
@Command(name = "mixed-workload", mixinStandardHelpOptions = true, description = "Cost-quality table and chart for a mixed SciFact + HotpotQA workload from eval reports.")
final class MixedWorkloadCommand implements Callable<Integer> {

  static final String REFERENCE = "always-multi";

  @Spec CommandSpec spec;

  @Option(names = "--beir", required = true, paramLabel = "LABEL=REPORT", description = "A BEIR report per configuration (quality: ndcg@10).")
  Map<String, Path> beir = new LinkedHashMap<>();

  @Option(names = "--hotpot", required = true, paramLabel = "LABEL=REPORT", description = "A HotpotQA report per configuration (quality: sp_both@10, held-out half).")
  Map<String, Path> hotpot = new LinkedHashMap<>();

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Markdown table to write.")
  Path out;

  @Option(names = "--chart", paramLabel = "FILE", description = "Cost-quality chart (.svg or .png).")
  Path chart;

  record Row(String label, int queries, double quality, double beirQuality, double hotpotQuality, double calls, double beirCalls, double hotpotCalls,
      double hotpotAllSpBoth, double hotpotAllF1, double hotpotAllCalls) {}

  @Override
  public Integer call() throws Exception {
    if (!beir.keySet().equals(hotpot.keySet())) {
      throw new IllegalArgumentException("--beir and --hotpot need the same labels, got " + beir.keySet() + " and " + hotpot.keySet());
    }
    HashSplit half = new HashSplit(0.5);
    List<Row> rows = new ArrayList<>();
    for (String label : beir.keySet()) {
      EvalReport b = EvalReport.read(beir.get(label));
      EvalReport h = EvalReport.read(hotpot.get(label));
      double[] bq = part(b, "ndcg@10", id -> true);
      double[] hq = part(h, "sp_both@10", half::isHeldOut);
      double[] hAll = part(h, "sp_both@10", id -> true);
      double n = bq[2] + hq[2];
      rows.add(new Row(label, (int) n, (bq[0] + hq[0]) / n, bq[0] / bq[2], hq[0] / hq[2], (bq[1] + hq[1]) / n, bq[1] / bq[2], hq[1] / hq[2],
          hAll[0] / hAll[2], h.metrics().getOrDefault("answer_f1", Double.NaN), hAll[1] / hAll[2]));
    }
    Row ref = rows.stream().filter(r -> r.label().equals(REFERENCE)).findFirst().orElse(null);
    StringBuilder md = new StringBuilder("# Mixed workload: SciFact test + HotpotQA held-out half\n\n");
    md.append("Quality per query: nDCG@10 for SciFact, sp_both@10 (both supporting paragraphs in the top 10) for HotpotQA; ")
        .append("the mixed figure is the mean over all queries. Retrieval calls: the searches each query's retrieval steps counted (a decomposed question one per part).\n\n");
    md.append("| configuration | queries | mixed quality | SciFact nDCG@10 | HotpotQA sp_both@10 | retrieval calls/query | SciFact calls | HotpotQA calls |");
    if (ref != null) {
      md.append(" quality vs always-multi | calls vs always-multi |");
    }
    md.append("\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |").append(ref != null ? " ---: | ---: |" : "").append('\n');
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %.3f | %.3f | %.3f |", r.label(), r.queries(), r.quality(), r.beirQuality(), r.hotpotQuality(),
          r.calls(), r.beirCalls(), r.hotpotCalls()));
      if (ref != null) {
        md.append(String.format(Locale.ROOT, " %.1f%% | %.1f%% |", 100 * r.quality() / ref.quality(), 100 * r.calls() / ref.calls()));
      }
      md.append('\n');
    }
    md.append("\nHotpotQA dev_a250, all questions (pooled corpus):\n\n| configuration | sp_both@10 | answer F1 | retrieval calls/query |\n| --- | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.3f |%n", r.label(), r.hotpotAllSpBoth(), r.hotpotAllF1(), r.hotpotAllCalls()));
    }
    md.append("\nReports: ").append(beir.values()).append(' ').append(hotpot.values()).append('\n');
    ReportOutput.write(out, md.toString());
    if (chart != null) {
      List<Charts.Point> points = rows.stream().map(r -> new Charts.Point(r.label(), r.calls(), r.quality())).toList();
      new Charts().costQuality(points, "retrieval calls per query", "mean quality (nDCG@10 | sp_both@10)", "Mixed workload: cost and quality", chart);
    }
    ReportOutput.show(spec, md, out + (chart == null ? "" : " and " + chart));
    return 0;
  }

  /** Sum of the metric, sum of retrieval calls and the count over the non-failed queries whose id passes. */
  private static double[] part(EvalReport r, String metric, java.util.function.Predicate<String> keep) {
    double q = 0;
    double calls = 0;
    int n = 0;
    for (QueryResult x : r.perQuery()) {
      if (x.failed() || !keep.test(x.id())) {
        continue;
      }
      Double v = x.metrics().get(metric);
      if (v == null) {
        throw new IllegalArgumentException("report " + r.run().dataset() + " (" + r.run().process() + ") has no " + metric + " for query " + x.id());
      }
      q += v;
      calls += x.retrievalCalls();
      n++;
    }
    if (n == 0) {
      throw new IllegalArgumentException("report " + r.run().dataset() + " (" + r.run().process() + ") has no scored query in this part");
    }
    return new double[] {q, calls, n};
  }
}
