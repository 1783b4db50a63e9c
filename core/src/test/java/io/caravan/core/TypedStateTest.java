package io.caravan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed attributes, and the two the core keeps itself (retrieval calls, step time), apart from the trace. */
class TypedStateTest {

  private static final AttributeKey<List<String>> PARTS = AttributeKey.of("test.parts", List.class);
  private static final AttributeKey<String> SAME_NAME_OTHER_TYPE = AttributeKey.of("test.parts", String.class);

  @Test
  void aValueComesBackAsTheTypeItWasStoredAsAndUnderItsNameForBpmn() {
    RagState s = RagState.start(Query.of("q")).with(PARTS, List.of("a", "b"));
    List<String> parts = s.get(PARTS).orElseThrow();
    assertThat(parts).containsExactly("a", "b");
    assertThat(s.attributes()).containsEntry("test.parts", List.of("a", "b"));
    assertThat(RagState.start(Query.of("q")).get(PARTS)).isEmpty();
  }

  @Test
  void readingAValueAsAnotherTypeNamesTheAttributeAndBothTypes() {
    RagState s = RagState.start(Query.of("q")).with(PARTS, List.of("a"));
    assertThatThrownBy(() -> s.get(SAME_NAME_OTHER_TYPE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'test.parts'")
        .hasMessageContaining("not a String");
    assertThatThrownBy(() -> s.with(PARTS, null)).hasMessageContaining("test.parts");
  }

  @Test
  void retrievalCallsAddUpAndNeverGoBack() {
    RagState s = RagState.start(Query.of("q"));
    assertThat(s.retrievalCalls()).isZero();
    s = s.plusRetrievalCalls(1).plusRetrievalCalls(3);
    assertThat(s.retrievalCalls()).isEqualTo(4);
    assertThat(s.attributes()).containsEntry("retrieval.calls", 4);
    RagState done = s;
    assertThatThrownBy(() -> done.plusRetrievalCalls(-1)).hasMessageContaining("negative");
  }

  @Test
  void stepTimeAccumulatesAsStepsRecordTheirEventsAndIsStateNotTrace() {
    RagState s = RagState.start(Query.of("q"))
        .withEvent(new TraceEvent("a", Duration.ofMillis(30), Map.of(), List.of(), null))
        .withEvent(new TraceEvent("b", Duration.ofMillis(50), Map.of(), List.of(), null));
    assertThat(s.stepTime()).isEqualTo(Duration.ofMillis(80));
    // a state carried over without its trace (or a trace kept elsewhere) keeps the time it spent
    RagState carried = new RagState(s.id(), s.query(), s.candidates(), s.answer(), Trace.EMPTY, s.attributes());
    assertThat(carried.stepTime()).isEqualTo(Duration.ofMillis(80));
    assertThat(carried.trace().totalDuration()).isZero();
  }

  @Test
  void aDecisionCarriesItsPayloadButTheTraceShowsOnlyTheJustification() {
    Decision<List<String>> d = new Decision<>("decompose", "SPLIT", Map.of("parts", 2), "two parts", List.of("x", "y"));
    assertThat(d.payload()).containsExactly("x", "y");
    assertThat(new Decision<Void>("p", "KEEP", Map.of(), "").payload()).isNull();
    String text = Trace.EMPTY.append(new TraceEvent("decompose", Duration.ZERO, Map.of(), List.of(), d)).render(3);
    assertThat(text).contains("decision decompose -> SPLIT (two parts)", "signals {parts=2}").doesNotContain("[x, y]");
  }

  @Test
  void anEmbeddingIsCopiedInAndOut() {
    float[] v = {1f, 2f};
    QueryEmbedding e = new QueryEmbedding("q", v);
    v[0] = 9f;
    e.vector()[1] = 9f;
    assertThat(e.vector()).containsExactly(1f, 2f);
    assertThat(e).isEqualTo(new QueryEmbedding("q", new float[] {1f, 2f}));
  }
}
