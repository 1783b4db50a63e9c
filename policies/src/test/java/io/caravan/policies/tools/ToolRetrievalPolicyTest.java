package io.caravan.policies.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ToolRetrievalPolicyTest {

  static RagState ranked(double... scores) {
    List<Candidate> cs = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      cs.add(Candidate.of(new Passage("t" + i, "t" + i, "t" + i, "tool " + i, 0, 6, Map.of()), "bm25", scores[i]));
    }
    return RagState.start(Query.of("q")).withCandidates(cs);
  }

  private final ToolRetrievalPolicy policy = new ToolRetrievalPolicy(1, 5, 0.3);

  @Test
  void cutsAtAClearGap() {
    Decision<Integer> d = policy.decide(ranked(9.0, 8.7, 8.5, 2.0, 1.9, 1.8, 1.7));
    assertThat(d.choice()).isEqualTo(ToolRetrievalPolicy.TOOLS);
    assertThat(d.payload()).isEqualTo(3);
    assertThat(d.signals()).containsEntry("cut", "gap").containsKeys("drop", "scores", "entropy", "gap");
    assertThat(d.reason()).contains("after tool 3");
  }

  @Test
  void withoutAClearCutHandsOverTheBudget() {
    Decision<Integer> d = policy.decide(ranked(10, 9, 8, 7, 6, 5, 4, 3));
    assertThat(d.payload()).isEqualTo(5);
    assertThat(d.signals()).containsEntry("cut", "budget");
    // fewer tools than the budget: all of them
    assertThat(policy.decide(ranked(3, 2.9)).payload()).isEqualTo(2);
    // equal scores: no drop, no cut
    assertThat(policy.decide(ranked(1, 1, 1, 1, 1, 1)).payload()).isEqualTo(5);
  }

  @Test
  void neverCutsBelowTheMinimum() {
    ToolRetrievalPolicy atLeastThree = new ToolRetrievalPolicy(3, 5, 0.3);
    Decision<Integer> d = atLeastThree.decide(ranked(9, 1, 0.9, 0.8, 0.7, 0.6, 0.5));
    assertThat(d.payload()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void nothingRetrievedIsNone() {
    Decision<Integer> d = policy.decide(RagState.start(Query.of("q")));
    assertThat(d.choice()).isEqualTo(ToolRetrievalPolicy.NONE);
    assertThat(d.payload()).isZero();
  }

  /** Checked against a brute-force reading of the rule on random score lists. */
  @Test
  void agreesWithBruteForceOnRandomRankings() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 500; trial++) {
      int n = 1 + rnd.nextInt(15);
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = rnd.nextDouble() * 10;
      }
      java.util.Arrays.sort(s);
      for (int i = 0, j = n - 1; i < j; i++, j--) {
        double t = s[i];
        s[i] = s[j];
        s[j] = t;
      }
      int minK = 1 + rnd.nextInt(3);
      int budget = minK + rnd.nextInt(6);
      double minGap = 0.1 + rnd.nextDouble() * 0.5;
      int k = new ToolRetrievalPolicy(minK, budget, minGap).decide(ranked(s)).payload();
      int window = Math.min(budget, n);
      double range = s[0] - s[Math.min(budget, n - 1)];
      boolean comparable = Math.min(budget, n - 1) >= 2;
      int expected = window;
      double best = 0;
      for (int pos = minK; pos < window; pos++) {
        double drop = s[pos - 1] - s[pos];
        if (drop > best) {
          best = drop;
          if (comparable && range > 0 && drop / range >= minGap) {
            expected = pos;
          } else {
            expected = window;
          }
        }
      }
      assertThat(k).as("trial %d", trial).isEqualTo(expected);
      assertThat(k).isBetween(Math.min(minK, n), window);
    }
  }

  @Test
  void rejectsBadBounds() {
    assertThatThrownBy(() -> new ToolRetrievalPolicy(0, 5, 0.3)).hasMessageContaining("1 <= minK <= budget");
    assertThatThrownBy(() -> new ToolRetrievalPolicy(4, 3, 0.3)).hasMessageContaining("1 <= minK <= budget");
    assertThatThrownBy(() -> new ToolRetrievalPolicy(1, 3, 0)).hasMessageContaining("minGap");
  }
}
