package io.caravan.research.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.research.eval.report.Charts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SVG charts beside a BEIR-shaped report. */
class ReportChartsTest {

  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void writesARecallCurveAndALatencyHistogram() throws Exception {
    List<QueryResult> rs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("ndcg@10", 0.5);
      m.put("recall@1", 0.2);
      m.put("recall@10", 0.6 + i / 100.0);
      m.put("recall@20", 0.7);
      m.put("recall@50", 0.8);
      m.put("recall@100", 0.9);
      rs.add(new QueryResult("q" + i, m, 20 + 3 * i, 1, 2, List.of(), null));
    }
    EvalReport report = EvalReport.of(
        new EvalReport.RunInfo("beir", "tiny", "rag", "test", Map.of(), "t"), List.of("ndcg@10", "recall@1", "recall@10", "recall@20", "recall@50", "recall@100"), rs);

    List<Path> written = new ReportCharts(new Charts()).write(report, dir);

    assertThat(written).containsExactly(dir.resolve("recall-at-k.svg"), dir.resolve("latency.svg"));
    assertThat(Files.readString(dir.resolve("recall-at-k.svg"))).contains("<svg", "recall@k", "rag");
    assertThat(Files.readString(dir.resolve("latency.svg"))).contains("<svg", "latency");
  }
}
