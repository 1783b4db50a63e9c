package io.caravan.processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.step.SubQueryRetrieveStep;
import io.caravan.policies.rewrite.DecomposePolicy;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cost a run reports is the searches its steps ran, counted where they run: a decomposed
 * question is one search per part plus the question itself, not one step, and a loop is one per round.
 */
class RetrievalCallsProcessTest {

  private static DefaultCamelContext camel;
  private static ProcessRunner runner;

  @BeforeAll
  static void start() throws Exception {
    camel = StepRoutes.start(TestCorpus.steps());
    runner = new ProcessRunner(camel);
    runner.deployBundled();
  }

  @AfterAll
  static void stop() throws Exception {
    runner.close();
    camel.close();
  }

  private static List<String> steps(RagState state) {
    return state.trace().events().stream().map(TraceEvent::step).toList();
  }

  @Test
  void aDecomposedQuestionCountsOneRetrievalPerPartPlusTheQuestion() {
    RagState done = runner.run("conversational-rag", RagState.start(Query.of("Which batches requests, Triton or ONNX?", 4)));
    assertThat(steps(done)).contains(SubQueryRetrieveStep.NAME).doesNotContain("retrieve");
    int parts = done.get(DecomposePolicy.DECISION).orElseThrow().payload().parts().size();
    assertThat(parts).isEqualTo(2);
    // the test wiring keeps the question as asked as one more list: 1 + 2 searches, in one step
    assertThat(done.retrievalCalls()).isEqualTo(1 + parts);
    @SuppressWarnings("unchecked")
    List<String> searched = (List<String>) done.trace().events().stream()
        .filter(e -> e.step().equals(SubQueryRetrieveStep.NAME)).findFirst().orElseThrow().inputs().get("queries");
    assertThat(done.retrievalCalls()).isEqualTo(searched.size());
  }

  @Test
  void feedbackIsASecondSearchAndAPlainQuestionOne() {
    RagState feedback = runner.run("conversational-rag", RagState.start(Query.of("graphs database", 4)));
    assertThat(steps(feedback)).contains("retrieve", "retrieve-prf");
    assertThat(feedback.retrievalCalls()).isEqualTo(2);
    assertThat(runner.run("rag", RagState.start(Query.of("lucene", 3))).retrievalCalls()).isEqualTo(1);
  }

  @Test
  void theLoopCountsOneSearchPerRound() {
    RagState done = runner.run("iterative-rag", RagState.start(Query.of("how does camel call a route in the same thread", 3)));
    long rounds = steps(done).stream().filter("notes"::equals).count();
    assertThat(rounds).isPositive();
    assertThat(done.retrievalCalls()).isEqualTo((int) rounds);
  }
}
