package io.caravan.research.eval.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Values worked out by hand in the comments. */
class ToolMetricsTest {

  private static final double LOG2_3 = Math.log(3) / Math.log(2);
  private static final double LOG2_5 = Math.log(5) / Math.log(2);

  // gold tools sit at ranks 2, 4 and 5
  private final List<String> ranked = List.of("x", "g1", "y", "g2", "g3");
  private final Set<String> gold = Set.of("g1", "g2", "g3");

  @Test
  void recallCountsGoldToolsInTheTopK() {
    assertThat(ToolMetrics.recall(ranked, gold, 1)).isZero();
    assertThat(ToolMetrics.recall(ranked, gold, 2)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(ToolMetrics.recall(ranked, gold, 4)).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(ToolMetrics.recall(ranked, gold, 5)).isEqualTo(1.0);
    assertThat(ToolMetrics.recall(ranked, gold, 50)).isEqualTo(1.0);
  }

  @Test
  void ndcgIsBinaryTrecEval() {
    // @2: DCG = 1/log2(3); ideal has 2 hits: 1 + 1/log2(3)
    assertThat(ToolMetrics.ndcg(ranked, gold, 2)).isCloseTo((1 / LOG2_3) / (1 + 1 / LOG2_3), within(1e-12));
    // @4: DCG = 1/log2(3) + 1/log2(5); ideal 1 + 1/log2(3) + 1/log2(4)
    assertThat(ToolMetrics.ndcg(ranked, gold, 4)).isCloseTo((1 / LOG2_3 + 1 / LOG2_5) / (1 + 1 / LOG2_3 + 0.5), within(1e-12));
    // a perfect ranking, and one with more gold than k (the ideal is cut at k)
    assertThat(ToolMetrics.ndcg(List.of("g2", "g1", "g3", "x"), gold, 10)).isCloseTo(1.0, within(1e-12));
    assertThat(ToolMetrics.ndcg(List.of("g1", "g3"), gold, 2)).isCloseTo(1.0, within(1e-12));
    assertThat(ToolMetrics.ndcg(List.of(), gold, 5)).isZero();
  }

  @Test
  void sufficiencyNeedsEveryGoldTool() {
    assertThat(ToolMetrics.sufficiency(ranked, gold, 4)).isZero();
    assertThat(ToolMetrics.sufficiency(ranked, gold, 5)).isEqualTo(1.0);
    assertThat(ToolMetrics.sufficiency(List.of("g1", "g3"), gold, 2)).isZero();
    assertThat(ToolMetrics.sufficiency(List.of("g1"), Set.of("g1"), 1)).isEqualTo(1.0);
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> ToolMetrics.recall(ranked, gold, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be");
    assertThatThrownBy(() -> ToolMetrics.ndcg(ranked, Set.of(), 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gold");
    assertThatThrownBy(() -> ToolMetrics.sufficiency(List.of("g1", "g1"), gold, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats tool id g1");
  }
}
