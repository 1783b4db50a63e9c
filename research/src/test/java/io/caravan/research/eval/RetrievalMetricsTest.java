package io.caravan.research.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.caravan.research.eval.RetrievalMetrics.Scored;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-computed values (worked out on paper, see comments) for trec_eval's definitions. */
class RetrievalMetricsTest {

  private static final double LOG2_3 = Math.log(3) / Math.log(2);

  // judged: a=2, b=1, c=0 (judged non-relevant), d=1
  private final Map<String, Integer> judged = Map.of("a", 2, "b", 1, "c", 0, "d", 1);

  @Test
  void ndcgUsesLinearGradesAndTheIdealOfAllJudgements() {
    List<String> ranked = List.of("b", "x", "a", "c");
    // DCG@3 = 1/log2(2) + 0 + 2/log2(4) = 1 + 1 = 2
    // ideal grades 2,1,1: 2/1 + 1/log2(3) + 1/2
    double ideal = 2 + 1 / LOG2_3 + 0.5;
    assertThat(RetrievalMetrics.ndcg(ranked, judged, 3)).isCloseTo(2 / ideal, within(1e-12));
    assertThat(RetrievalMetrics.ndcg(List.of("a", "b", "d"), judged, 10)).isCloseTo(1.0, within(1e-12));
    assertThat(RetrievalMetrics.ndcg(List.of(), judged, 10)).isZero();
  }

  @Test
  void recallMrrAndMapCountOnlyPositiveGrades() {
    List<String> ranked = List.of("c", "b", "x", "d");
    assertThat(RetrievalMetrics.recall(ranked, judged, 2)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(RetrievalMetrics.recall(ranked, judged, 100)).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(RetrievalMetrics.reciprocalRank(ranked, judged, 10)).isCloseTo(0.5, within(1e-12));
    assertThat(RetrievalMetrics.reciprocalRank(ranked, judged, 1)).isZero();
    // relevant at ranks 2 and 4: (1/2 + 2/4) / 3 relevant
    assertThat(RetrievalMetrics.averagePrecision(ranked, judged, 100)).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void tiesAreBrokenByDocumentIdDescendingAsTrecEvalDoes() {
    List<String> order = RetrievalMetrics.trecOrder(List.of(new Scored("a", 1.0), new Scored("d", 1.0), new Scored("b", 2.0)));
    assertThat(order).containsExactly("b", "d", "a");
    // with the tie broken that way, d (grade 1) outranks a (grade 2): DCG@2 = 1 + 1/log2(3)
    double ideal = 2 + 1 / LOG2_3;
    assertThat(RetrievalMetrics.ndcg(order, judged, 2)).isCloseTo((1 + 1 / LOG2_3) / ideal, within(1e-12));
  }

  @Test
  void readsBeirAndTrecQrels(@TempDir Path dir) throws IOException {
    Path beir = Files.writeString(dir.resolve("test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t2\nq2\td3\t1\n");
    Path trec = Files.writeString(dir.resolve("qrels.txt"), "q1 0 d1 1\nq1 0 d2 2\nq2 0 d3 1\n");
    assertThat(Qrels.read(beir)).isEqualTo(Qrels.read(trec));
    assertThat(Qrels.read(beir).of("q1")).containsEntry("d2", 2);
    Files.writeString(dir.resolve("bad.tsv"), "q1 d1\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Qrels.read(dir.resolve("bad.tsv"))).hasMessageContaining("bad.tsv:1");
  }
}
