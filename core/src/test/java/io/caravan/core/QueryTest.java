package io.caravan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryTest {

  @Test
  void rejectsBlankTextAndOutOfRangeK() {
    assertThatThrownBy(() -> Query.of("  ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> Query.of("q", 0)).hasMessageContaining("k must be between 1 and 1000, was 0");
    assertThatThrownBy(() -> Query.of("q", 1001)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void copiesCollectionsSoCallersCannotChangeAQuery() {
    Map<String, String> filters = new HashMap<>(Map.of("topic", "geo"));
    Query q = new Query("where", 5, filters, null);
    filters.put("region", "x");
    assertThat(q.filters()).containsOnlyKeys("topic");
    assertThat(q.history()).isEmpty();
    assertThat(q.withK(7).k()).isEqualTo(7);
    assertThat(q.withText("other").filters()).isEqualTo(q.filters());
  }

  @Test
  void candidateKeepsEveryStageScoreInOrder() {
    Passage p = new Passage("d#0", "d", "t", "text", 0, 4, Map.of());
    Candidate c = Candidate.of(p, "bm25", 3.0).withScore("rrf", 0.5).withScore("rerank", 0.9);
    assertThat(c.score()).isEqualTo(0.9);
    assertThat(List.copyOf(c.scores().keySet())).containsExactly("bm25", "rrf", "rerank");
    assertThat(c.withScore("bm25", 4.0).scores().keySet()).containsExactly("rrf", "rerank", "bm25");
  }

  @Test
  void traceRendersDecisionsAndCandidates() {
    Passage p = new Passage("d#0", "d", "t", "text", 0, 4, Map.of());
    TraceEvent retrieve =
        new TraceEvent("retrieve", java.time.Duration.ofMillis(2), Map.of("k", 1), TraceEvent.RankedRef.of(List.of(Candidate.of(p, "bm25", 1.5)), 5), null);
    TraceEvent policy =
        new TraceEvent("depth", java.time.Duration.ofMillis(1), Map.of(), List.of(), new Decision<>("depth", "SINGLE_STEP", Map.of("gap", 0.4), "clear winner"));
    String text = Trace.EMPTY.append(retrieve).append(policy).render(3);
    assertThat(text).contains("retrieve", "d#0", "bm25=1.5000", "decision depth -> SINGLE_STEP (clear winner)", "gap=0.4", "total");
  }
}
