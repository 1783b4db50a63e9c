package io.caravan.processes;

import static io.caravan.processes.TestEngine.steps;
import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.step.SubQueryRetrieveStep;
import io.caravan.policies.rewrite.DecomposePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cost a run reports is the searches its steps ran, counted where they run: a decomposed
 * question is one search per part plus the question itself, not one step, and a loop is one per round.
 */
class RetrievalCallsProcessTest {

  @RegisterExtension
  static final TestEngine engine = TestEngine.withBundledProcesses();

  @Test
  void aDecomposedQuestionCountsOneRetrievalPerPartPlusTheQuestion() {
    RagState done = engine.runner().run("conversational-rag", RagState.start(Query.of("Which batches requests, Triton or ONNX?", 4)));
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
    RagState feedback = engine.runner().run("conversational-rag", RagState.start(Query.of("graphs database", 4)));
    assertThat(steps(feedback)).contains("retrieve", "retrieve-prf");
    assertThat(feedback.retrievalCalls()).isEqualTo(2);
    assertThat(engine.runner().run("rag", RagState.start(Query.of("lucene", 3))).retrievalCalls()).isEqualTo(1);
  }

  @Test
  void theLoopCountsOneSearchPerRound() {
    RagState done = engine.runner().run("iterative-rag", RagState.start(Query.of("how does camel call a route in the same thread", 3)));
    long rounds = steps(done).stream().filter("notes"::equals).count();
    assertThat(rounds).isPositive();
    assertThat(done.retrievalCalls()).isEqualTo((int) rounds);
  }
}
