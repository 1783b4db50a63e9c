package io.caravan.core.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.TraceEvent.RankedRef;
import io.caravan.core.spi.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The runner times every step and appends its event; steps only return the event's content. */
class StepRunnerTest {

  private static Step step(String name, Function<RagState, Step.Result> work) {
    return new Step() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Result run(RagState state) {
        return work.apply(state);
      }
    };
  }

  private static List<Candidate> candidates(int n) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Candidate.of(new Passage("c" + i, "d" + i, "", "text " + i, 0, 6, Map.of()), "first", n - i));
    }
    return out;
  }

  @Test
  void theEventCarriesTheStepsNameContentAndMeasuredDurationAfterTheEarlierEvents() {
    RagState before = RagState.start(Query.of("q")).withEvent(new TraceEvent("earlier", Duration.ofMillis(3), Map.of(), List.of(), null));
    Step ranking = step("rank", s -> Step.Result.ranked(s.withCandidates(candidates(30)), Map.of("in", 30), 5));

    RagState after = StepRunner.run(ranking, before);

    assertThat(after.trace().events()).extracting(TraceEvent::step).containsExactly("earlier", "rank");
    TraceEvent e = after.trace().events().get(1);
    assertThat(e.inputs()).isEqualTo(Map.of("in", 30));
    assertThat(e.candidates()).isEqualTo(RankedRef.of(after.candidates(), 5)).hasSize(5);
    assertThat(e.decision()).isNull();
    assertThat(e.duration()).isPositive();
    assertThat(after.candidates()).hasSize(30);
  }

  @Test
  void aPolicysDecisionIsRecorded() {
    Decision<Void> d = new Decision<>("depth", "DEEP", Map.of("words", 7), "long question");
    RagState after = StepRunner.run(step("depth", s -> Step.Result.decided(s, d)), RagState.start(Query.of("q")));
    assertThat(after.trace().events()).singleElement().satisfies(e -> {
      assertThat(e.decision()).isEqualTo(d);
      assertThat(e.inputs()).isEmpty();
      assertThat(e.candidates()).isEmpty();
    });
  }

  @Test
  void aStepThatAppendsAnEventItselfIsRefused() {
    Step selfTimed = step("retrieve", s -> Step.Result.of(s.withEvent(new TraceEvent("retrieve", Duration.ofMillis(1), Map.of(), List.of(), null)), Map.of()));
    assertThatThrownBy(() -> StepRunner.run(selfTimed, RagState.start(Query.of("q"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("step 'retrieve' changed the trace itself (1 events); a step returns its event's content and the step runner appends it");
  }

  @Test
  void aFailingStepsErrorReachesTheCallerUnchanged() {
    IllegalStateException offline = new IllegalStateException("index 'main' is offline");
    Step failing = step("explode", s -> {
      throw offline;
    });
    assertThatThrownBy(() -> StepRunner.run(failing, RagState.start(Query.of("q")))).isSameAs(offline);
  }

  @Test
  void aStepThatRunsElsewhereIsTimedFromStartToFinish() {
    StepRunner.Started started = StepRunner.start("log-query");
    RagState state = RagState.start(Query.of("q"));

    RagState after = started.finish(Step.Result.of(state, Map.of("route", "log-query")));

    assertThat(started.step()).isEqualTo("log-query");
    assertThat(after.trace().events()).singleElement().satisfies(e -> {
      assertThat(e.step()).isEqualTo("log-query");
      assertThat(e.inputs()).isEqualTo(Map.of("route", "log-query"));
      assertThat(e.duration()).isPositive();
    });
  }
}
