package io.caravan.research.eval.harness;

import io.caravan.research.eval.stats.PairedTests;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Two reports compared query by query: for each metric both report (and per-query latency), the
 * mean of b - a over the queries both scored, with a paired t-test and a paired sign-flip
 * randomisation test ({@value #PERMUTATIONS} flips, fixed seed, so a comparison is reproducible).
 * Only shared queries count, so comparing a full run with a {@code --limit} run compares like with
 * like. Cost: O(queries x permutations) per metric.
 */
public record ReportComparison(String a, String b, int sharedQueries, List<Row> rows) {

  /** The pseudo-metric name under which per-query latency is compared. */
  public static final String LATENCY = "latency_ms";

  static final int PERMUTATIONS = 10_000;
  static final long SEED = 42;

  /**
   * @param pT the t-test's two-sided p, NaN with fewer than 2 paired queries
   * @param pRandomisation the randomisation test's two-sided p, NaN without paired queries
   */
  public record Row(String metric, int n, double meanA, double meanB, double difference, double pT, double pRandomisation) {}

  public ReportComparison {
    rows = List.copyOf(rows);
  }

  public static ReportComparison of(String nameA, EvalReport a, String nameB, EvalReport b) {
    if (!a.run().format().equals(b.run().format())) {
      throw new IllegalArgumentException("reports are of different formats: " + a.run().format() + " and " + b.run().format());
    }
    Set<String> metrics = new LinkedHashSet<>(a.metrics().keySet());
    metrics.retainAll(b.metrics().keySet());
    metrics.add(LATENCY);
    Set<String> shared = new LinkedHashSet<>();
    a.perQuery().forEach(r -> shared.add(r.id()));
    Set<String> inB = new LinkedHashSet<>();
    b.perQuery().forEach(r -> inB.add(r.id()));
    shared.retainAll(inB);
    if (shared.isEmpty()) {
      throw new IllegalArgumentException("the reports share no query ids; were they run on the same dataset?");
    }
    List<Row> rows = new ArrayList<>();
    for (String m : metrics) {
      Map<String, Double> va = a.perQuery(m);
      Map<String, Double> vb = b.perQuery(m);
      List<String> ids = new ArrayList<>();
      for (String id : shared) {
        if (va.containsKey(id) && vb.containsKey(id)) {
          ids.add(id);
        }
      }
      double[] xa = new double[ids.size()];
      double[] xb = new double[ids.size()];
      for (int i = 0; i < ids.size(); i++) {
        xa[i] = va.get(ids.get(i));
        xb[i] = vb.get(ids.get(i));
      }
      double pT = ids.size() < 2 ? Double.NaN : PairedTests.tTest(xb, xa).pValue();
      double pR = ids.isEmpty() ? Double.NaN : PairedTests.randomisation(xb, xa, PERMUTATIONS, SEED).pValue();
      double ma = mean(xa);
      double mb = mean(xb);
      rows.add(new Row(m, ids.size(), ma, mb, mb - ma, pT, pR));
    }
    return new ReportComparison(nameA, nameB, shared.size(), rows);
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return x.length == 0 ? Double.NaN : s / x.length;
  }

  /** A fixed-width table for a terminal. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append("a: ").append(a).append('\n').append("b: ").append(b).append('\n');
    out.append(sharedQueries).append(" shared queries; difference = b - a; p: paired t-test, randomisation (")
        .append(PERMUTATIONS).append(" sign flips)\n\n");
    out.append(String.format(Locale.ROOT, "%-14s %6s %10s %10s %10s %9s %9s%n", "metric", "n", "a", "b", "b - a", "p(t)", "p(rand)"));
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "%-14s %6d %10.4f %10.4f %+10.4f %9s %9s%n",
          r.metric(), r.n(), r.meanA(), r.meanB(), r.difference(), p(r.pT()), p(r.pRandomisation())));
    }
    return out.toString();
  }

  private static String p(double p) {
    return Double.isNaN(p) ? "n/a" : String.format(Locale.ROOT, "%.4f", p);
  }
}
