package io.caravan.policies.iteration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Decision;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.step.StepRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IterationPolicyTest {

  private static List<Candidate> docs(String... ids) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      out.add(Candidate.of(new Passage(ids[i] + "#0", ids[i], "", "text of " + ids[i], 0, 1, Map.of()), "x", 10 - i));
    }
    return out;
  }

  private static Answer answer(String quote) {
    return new Answer(quote + " [1]", List.of(new Citation("d", "d#0", "", 0, 1, quote)), 0.8, "test");
  }

  private final NotesStep notes = new NotesStep(5);
  private final IterationPolicy policy = new IterationPolicy(IterationLimits.defaults());

  private RagState round(RagState s, List<Candidate> found, Answer a) {
    return StepRunner.run(notes, s.withCandidates(found).withAnswer(a));
  }

  @Test
  void theFirstRoundContinuesAndTheNextQueryCarriesTheSelectedSentences() {
    RagState s = round(RagState.start(Query.of("Where was the director of Alien born?")), docs("a", "b", "c"), answer("Alien was directed by Ridley Scott."));
    Decision<Void> d = policy.decide(s);
    assertThat(d.choice()).isEqualTo(IterationPolicy.CONTINUE);
    assertThat(d.signals()).containsEntry("round", 1).containsEntry("gain", 1.0);
    RagState next = StepRunner.run(new NextQueryStep(1000), s);
    assertThat(next.query().text()).isEqualTo("Where was the director of Alien born? Alien was directed by Ridley Scott.");
    IterationNotes n = next.get(IterationNotes.KEY).orElseThrow();
    assertThat(n.question()).isEqualTo("Where was the director of Alien born?");
  }

  @Test
  void notesThatStopGrowingStop() {
    RagState s = round(RagState.start(Query.of("q")), docs("a", "b", "c", "d", "e"), answer("one"));
    s = round(s, docs("b", "a", "c", "e", "d"), answer("two different"));
    Decision<Void> d = policy.decide(s);
    assertThat(d.choice()).isEqualTo(IterationPolicy.STOP);
    assertThat(d.reason()).contains("stopped growing");
  }

  @Test
  void aSettledAnswerStops() {
    RagState s = round(RagState.start(Query.of("q")), docs("a", "b"), answer("Paris is the capital"));
    s = round(s, docs("c", "d"), answer("Paris is the capital"));
    Decision<Void> d = policy.decide(s);
    assertThat(d.choice()).isEqualTo(IterationPolicy.STOP);
    assertThat(d.reason()).contains("settled");
  }

  @Test
  void aLoopThatNeverConvergesStopsAtMaxRounds() {
    RagState s = RagState.start(Query.of("q"));
    int rounds = 0;
    Decision<Void> d;
    do {
      rounds++;
      // every round finds entirely new documents and a different answer: nothing ever converges
      s = round(s, docs("r" + rounds + "a", "r" + rounds + "b", "r" + rounds + "c"), answer("answer number " + rounds + " word" + rounds));
      d = policy.decide(s);
      assertThat(rounds).isLessThanOrEqualTo(IterationLimits.MAX_ROUNDS);
    } while (d.choice().equals(IterationPolicy.CONTINUE));
    assertThat(rounds).isEqualTo(3);
    assertThat(d.reason()).contains("reached 3 rounds");
  }

  @Test
  void anEmptyRetrievalStops() {
    RagState s = round(RagState.start(Query.of("q")), List.of(), Answer.noAnswer("test", "No passages were retrieved."));
    Decision<Void> d = policy.decide(s);
    assertThat(d.choice()).isEqualTo(IterationPolicy.STOP);
    assertThat(d.reason()).contains("retrieved nothing");
    // and the "no answer" prose never becomes part of a query
    assertThat(StepRunner.run(new NextQueryStep(1000), s).query().text()).isEqualTo("q");
  }

  @Test
  void aSpentLatencyBudgetStops() {
    IterationPolicy tight = new IterationPolicy(new IterationLimits(5, 0.2, 0.9, 50, 5));
    RagState s = RagState.start(Query.of("q")).withEvent(new TraceEvent("retrieve", Duration.ofMillis(80), Map.of(), List.of(), null));
    s = round(s, docs("a"), answer("x"));
    Decision<Void> d = tight.decide(s);
    assertThat(d.choice()).isEqualTo(IterationPolicy.STOP);
    assertThat(d.reason()).contains("budget");
  }

  @Test
  void theBudgetReadsTheStateStepTimeNotTheTrace() {
    IterationPolicy tight = new IterationPolicy(new IterationLimits(5, 0.2, 0.9, 50, 5));
    RagState spent = round(RagState.start(Query.of("q")).with(RagState.STEP_TIME, Duration.ofMillis(80)), docs("a"), answer("x"));
    assertThat(tight.decide(spent).reason()).contains("budget", "80 ms");
    // a trace that claims 80 ms is a record, not control: with 0 ms of step time the loop goes on
    RagState claimed = RagState.start(Query.of("q"));
    claimed = new RagState(claimed.id(), claimed.query(), List.of(), null,
        io.caravan.core.Trace.EMPTY.append(new TraceEvent("retrieve", Duration.ofMillis(80), Map.of(), List.of(), null)), Map.of());
    Decision<Void> d = tight.decide(round(claimed, docs("a"), answer("x")));
    assertThat(d.choice()).isEqualTo(IterationPolicy.CONTINUE);
  }

  @Test
  void withoutNotesThePolicyNamesTheMissingStep() {
    assertThatThrownBy(() -> policy.decide(RagState.start(Query.of("q")))).hasMessageContaining("notes step");
  }

  @Test
  void theFinalRankingFusesRoundsSoTheSecondHopRanksHigh() {
    RagState s = round(RagState.start(Query.of("q")), docs("a", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11"), answer("a says b"));
    s = StepRunner.run(new NextQueryStep(1000), s);
    s = round(s, docs("b", "a", "y1", "y2"), answer("b"));
    RagState done = StepRunner.run(new UseNotesStep(), s.withQuery(s.query().withK(5)));
    List<String> top = done.candidates().stream().map(Candidate::docId).toList();
    assertThat(top).hasSize(5).startsWith("a", "b");
    assertThat(done.query().text()).isEqualTo("q");
    assertThat(done.candidates().get(0).scores()).containsKey("notes");
  }

  @Test
  void limitsRejectBadValues() {
    assertThatThrownBy(() -> new IterationLimits(0, 0.2, 0.9, 10, 5)).hasMessageContaining("maxRounds");
    assertThatThrownBy(() -> new IterationLimits(3, 1.2, 0.9, 10, 5)).hasMessageContaining("minGain");
    assertThatThrownBy(() -> new IterationLimits(3, 0.2, 0.9, 0, 5)).hasMessageContaining("budgetMillis");
  }

  @Test
  void theEntitiesExpansionAddsOnlyNamesTheQuestionLacks() {
    RagState s = round(RagState.start(Query.of("Where was the director of Alien born?")), docs("a"), answer("Alien was directed by Ridley Scott in London."));
    RagState next = StepRunner.run(new NextQueryStep(1000, NextQueryStep.Expansion.ENTITIES), s);
    assertThat(next.query().text()).isEqualTo("Where was the director of Alien born? Ridley Scott London");
  }

  @Test
  void theAnswerExpansionAddsTheGeneratedTextWithoutMarkers() {
    // the answer cites a quote, yet ANSWER adds the model's own words, as Iter-RetGen does
    Answer written = new Answer("It was directed by Ridley Scott [1], born in South Shields [1, 2].",
        List.of(new Citation("d", "d#0", "", 0, 1, "Alien is a 1979 film directed by Ridley Scott.")), 0.7, "llm");
    RagState s = round(RagState.start(Query.of("Where was the director of Alien born?")), docs("a"), written);
    RagState next = StepRunner.run(new NextQueryStep(1000, NextQueryStep.Expansion.ANSWER), s);
    assertThat(next.query().text()).isEqualTo("Where was the director of Alien born? It was directed by Ridley Scott, born in South Shields.");
    // a "no answer" explains itself in prose: it must not steer the next retrieval
    RagState none = round(RagState.start(Query.of("q?")), docs("a"), Answer.noAnswer("llm", "The passages do not say."));
    assertThat(StepRunner.run(new NextQueryStep(1000, NextQueryStep.Expansion.ANSWER), none).query().text()).isEqualTo("q?");
  }
}
