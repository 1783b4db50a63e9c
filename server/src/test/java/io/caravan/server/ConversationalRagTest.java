package io.caravan.server;

import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.Turn;
import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled conversational-rag process end to end on the real stack (int8 encoder, Lucene,
 * Flowable, Camel, HTTP on a free port) over the sample corpus: a follow-up question is rewritten
 * before retrieval and the rewrite shows in the trace, a self-contained one is left alone, a
 * comparison is retrieved in parts, and PRF runs when its policy says so.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ConversationalRagTest {

  private static final String PROCESS = "conversational-rag";

  @TempDir static Path data;

  private Caravan caravan;
  private ServedCaravan served;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    CaravanSettings settings =
        CaravanSettings.defaultsOnly()
            .with("caravan.data", data.toString())
            .with("caravan.encoder", "int8")
            .with("caravan.http.port", "0")
            .with("caravan.http.auth", "open")
            .with("caravan.prf.mode", "always");
    served = ServedCaravan.start(settings);
    caravan = served.caravan();
    IngestReport report = caravan.ingest(HttpApiTest.CORPUS, ProgressListener.NONE);
    assertThat(report.failed()).isZero();
    api = new ApiClient(served.httpPort());
  }

  @AfterAll
  void stop() {
    if (served != null) {
      served.close();
    }
  }

  @Test
  void aFollowUpOverHttpIsRewrittenFromItsHistoryBeforeRetrieval() {
    Map<String, Object> body =
        Map.of(
            "query", "When did he set out from Venice?",
            "process", PROCESS,
            "history", List.of(
                Map.of("role", "user", "text", "Who was Marco Polo?"),
                Map.of("role", "assistant", "text", "Marco Polo was a Venetian merchant who travelled to the court of Kublai Khan.")));
    ApiClient.Reply reply = api.postJson("/v1/query", body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode events = reply.json().at("/trace/events");
    assertThat(events.findValuesAsText("step")).startsWith("term-specificity", "needs-rewrite", "rewrite", "decompose", "retrieve");
    // the index lookups the decision needs happen in the step before it, over the conversation's words
    assertThat(events.get(0).at("/inputs/words").intValue()).isPositive();
    assertThat(events.get(1).at("/decision/choice").textValue()).isEqualTo("REWRITE");
    assertThat(events.get(1).at("/decision/signals/anaphora").toString()).contains("he");
    assertThat(events.get(2).at("/inputs/original").textValue()).isEqualTo("When did he set out from Venice?");
    assertThat(events.get(2).at("/inputs/rewrite").textValue()).isEqualTo("When did Marco Polo set out from Venice?");
    assertThat(events.get(4).at("/inputs/query").textValue()).isEqualTo("When did Marco Polo set out from Venice?");
    assertThat(reply.json().get("passages").findValuesAsText("docId").get(0)).isEqualTo("marco-polo");
  }

  @Test
  void aSelfContainedQuestionIsLeftAlone() {
    RagState done = caravan.ask(Query.of("What do the humps of a Bactrian camel actually store?"), PROCESS);
    List<String> steps = done.trace().events().stream().map(TraceEvent::step).toList();
    assertThat(steps).doesNotContain("rewrite").contains("needs-rewrite", "retrieve", "prf", "retrieve-prf", "rerank", "generate");
    assertThat(done.query().text()).isEqualTo("What do the humps of a Bactrian camel actually store?");
    assertThat(done.attributes()).doesNotContainKey("rewrite");
  }

  @Test
  void aComparisonIsRetrievedInPartsAndFused() {
    RagState done = caravan.ask(Query.of("Which camel was domesticated first, the Bactrian camel or the dromedary?", 10), PROCESS);
    TraceEvent split = done.trace().events().stream().filter(e -> e.step().equals("retrieve-decomposed")).findFirst().orElseThrow();
    assertThat((List<?>) split.inputs().get("queries")).hasSize(3);
    assertThat(done.trace().events()).extracting(TraceEvent::step).doesNotContain("retrieve", "retrieve-prf");
    assertThat(done.candidates()).extracting(Candidate::docId).contains("bactrian-camels", "dromedary-camels");
  }

  @Test
  void feedbackRetrievalReplacesTheFirstListAndShowsItsTerms() {
    RagState done = caravan.ask(new Query("silkworms mulberry", 5, Map.of(), List.of(new Turn("user", "hello"))), PROCESS);
    TraceEvent prf = done.trace().events().stream().filter(e -> e.step().equals("retrieve-prf")).findFirst().orElseThrow();
    assertThat(prf.inputs().get("lists")).isEqualTo(List.of("bm25-rm3", "dense-rocchio"));
    @SuppressWarnings("unchecked")
    Map<String, Double> terms = (Map<String, Double>) prf.inputs().get("rm3.terms");
    assertThat(terms).containsKeys("silkworm", "mulberri").hasSizeGreaterThan(2);
    assertThat(done.candidates().get(0).docId()).isEqualTo("silk-production");
  }
}
