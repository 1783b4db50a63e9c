package io.caravan.research.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paired comparison of two reports, and the report's JSON round trip. */
class ReportComparisonTest {

  @TempDir Path dir;

  private static final EvalReport.RunInfo RUN = new EvalReport.RunInfo("beir", "tiny", "rag", "test", Map.of("caravan.retriever", "hybrid"), "2026-01-01T00:00:00Z");

  private static EvalReport report(double[] ndcg, int extraQueries) {
    List<QueryResult> rs = new ArrayList<>();
    for (int i = 0; i < ndcg.length; i++) {
      rs.add(new QueryResult("q" + i, Map.of("ndcg@10", ndcg[i]), 10 + i, 1, 2, List.of(new QueryResult.DecisionRef("route", i % 2 == 0 ? "a" : "b")), null));
    }
    for (int i = 0; i < extraQueries; i++) {
      rs.add(new QueryResult("extra" + i, Map.of("ndcg@10", 1.0), 5, 1, 2, List.of(), null));
    }
    rs.add(QueryResult.failure("broken", 3, "process failed"));
    return EvalReport.of(RUN, List.of("ndcg@10"), rs);
  }

  @Test
  void aConsistentGainIsSignificantAndNoChangeIsNot() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    double[] a = new double[30];
    double[] b = new double[30];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextDouble(0, 0.8);
      b[i] = a[i] + 0.1 + random.nextDouble(-0.02, 0.02);
    }
    EvalReport ra = report(a, 0);
    EvalReport rb = report(b, 5); // queries only b ran are not paired

    assertThat(ra.failed()).isEqualTo(1);
    assertThat(ra.metrics().get("ndcg@10")).as("failed queries are left out of the mean").isCloseTo(mean(a), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ra.decisions()).containsEntry("route", Map.of("a", 15, "b", 15));

    ReportComparison c = ReportComparison.of("a", ra, "b", rb);
    assertThat(c.sharedQueries()).isEqualTo(31);
    ReportComparison.Row ndcg = c.rows().get(0);
    assertThat(ndcg.metric()).isEqualTo("ndcg@10");
    assertThat(ndcg.n()).isEqualTo(30);
    assertThat(ndcg.difference()).isCloseTo(mean(b) - mean(a), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ndcg.pT()).isLessThan(0.001);
    assertThat(ndcg.pRandomisation()).isLessThan(0.001);

    ReportComparison same = ReportComparison.of("a", ra, "a", ra);
    assertThat(same.rows().get(0).pT()).isEqualTo(1.0);
    assertThat(same.rows().get(0).pRandomisation()).isEqualTo(1.0);
    assertThat(same.text()).contains("ndcg@10", "latency_ms");

    Path file = dir.resolve("r/report.json");
    rb.writeJson(file);
    EvalReport back = EvalReport.read(file);
    assertThat(back).isEqualTo(rb);
    assertThat(back.markdown()).contains("| ndcg@10 |", "Failed queries", "`broken`: process failed");
  }

  @Test
  void reportsOfOtherDatasetsAreRefused() {
    EvalReport a = report(new double[] {0.1, 0.2}, 0);
    EvalReport b = EvalReport.of(new EvalReport.RunInfo("beir", "other", "rag", "test", Map.of(), "t"), List.of("ndcg@10"),
        List.of(new QueryResult("x1", Map.of("ndcg@10", 0.5), 1, 1, 1, List.of(), null)));
    assertThatThrownBy(() -> ReportComparison.of("a", a, "b", b)).hasMessageContaining("share no query ids");
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }
}
