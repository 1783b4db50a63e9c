package io.caravan.processes;

import static io.caravan.processes.TestEngine.steps;
import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.Turn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bundled conversational-rag process on real Flowable and Camel: each gateway's branches. */
class ConversationalRagProcessTest {

  @RegisterExtension
  static final TestEngine engine = TestEngine.withBundledProcesses();

  @Test
  void theBundledProcessIsValidAndDrawn() {
    ValidationReport report = engine.runner().validate("conversational-rag.bpmn20.xml", Bpmn.resource("conversational-rag.bpmn20.xml"));
    assertThat(report.problems()).isEmpty();
    assertThat(new String(Bpmn.resource("conversational-rag.bpmn20.xml"), java.nio.charset.StandardCharsets.UTF_8)).contains("bpmndi:BPMNEdge id=\"skipFeedback-edge\"");
  }

  @Test
  void aFollowUpIsRewrittenThenRetrievedOnce() {
    Query q = new Query("what does it schedule", 3, Map.of(), List.of(new Turn("user", "Tell me about Flowable"), new Turn("assistant", "Flowable runs BPMN processes.")));
    RagState done = engine.runner().run("conversational-rag", RagState.start(q));
    assertThat(steps(done)).startsWith("term-specificity", "needs-rewrite", "rewrite", "decompose", "retrieve", "prf");
    assertThat(done.query().text()).isEqualTo("what does Flowable schedule");
    assertThat(done.candidates().get(0).docId()).isEqualTo("flowable");
    assertThat(steps(done)).endsWith("rerank", "generate");
  }

  @Test
  void aComparisonTakesTheDecomposedBranch() {
    RagState done = engine.runner().run("conversational-rag", RagState.start(Query.of("Which batches requests, Triton or ONNX?", 4)));
    assertThat(steps(done)).containsExactly("term-specificity", "needs-rewrite", "decompose", "retrieve-decomposed", "rerank", "generate");
    assertThat(done.candidates()).extracting(c -> c.docId()).contains("triton", "onnx");
  }

  @Test
  void anUncertainFirstListTakesTheFeedbackBranch() {
    // two passages match one word each: a tie, no clear winner
    RagState done = engine.runner().run("conversational-rag", RagState.start(Query.of("graphs database", 4)));
    assertThat(steps(done)).containsExactly("term-specificity", "needs-rewrite", "decompose", "retrieve", "prf", "retrieve-prf", "rerank", "generate");
    RagState clear = engine.runner().run("conversational-rag", RagState.start(Query.of("lucene indexes dense vectors hnsw graphs", 4)));
    assertThat(steps(clear)).doesNotContain("retrieve-prf");
  }
}
