package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.policies.depth.AdaptiveDepthPolicy;
import io.caravan.policies.iteration.IterationPolicy;
import io.caravan.ingest.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled adaptive-rag and iterative-rag processes end to end on the sample corpus, on the real
 * stack (Lucene, the in-process encoder, Flowable, Camel, the bundled classifier): each path of the
 * depth gateway, the loop's termination, and every decision in the trace with its signals.
 */
class AdaptiveProcessesTest {

  /** q41 of examples/sample-corpus/questions.jsonl: needs paper-westward, then samarkand. */
  static final String MULTI_HOP =
      "Which ruler made his capital in the city that, according to a popular story, learned papermaking from Chinese prisoners after the Battle of Talas?";

  @TempDir static Path data;
  static Caravan caravan;

  @BeforeAll
  static void open() throws Exception {
    caravan = Caravan.fromSettings(CaravanSettings.defaultsOnly().with("caravan.data", data.toString()).with("caravan.encoder", "int8")
        // the post-retrieval check is off by default; these tests exercise it
        .with("caravan.depth.uncertainty", "on").with("caravan.depth.generator-confidence", "on"), Map.of());
    caravan.ingest(Path.of("../examples/sample-corpus/docs"), ProgressListener.NONE);
  }

  @AfterAll
  static void close() {
    caravan.close();
  }

  private static List<String> steps(RagState s) {
    return s.trace().events().stream().map(TraceEvent::step).toList();
  }

  private static List<Decision<?>> decisions(RagState s, String policy) {
    return s.trace().events().stream().map(TraceEvent::decision).filter(d -> d != null && d.policy().equals(policy)).toList();
  }

  @Test
  void iterativeRagLoopsUntilItsPolicyStopsAndRanksEveryRoundsEvidence() {
    RagState s = caravan.ask(Query.of(MULTI_HOP, 10), "iterative-rag");
    List<Decision<?>> its = decisions(s, IterationPolicy.NAME);
    assertThat(its).isNotEmpty();
    assertThat(its.get(its.size() - 1).choice()).isEqualTo(IterationPolicy.STOP);
    assertThat(its.subList(0, its.size() - 1)).allMatch(d -> d.choice().equals(IterationPolicy.CONTINUE));
    long retrievals = steps(s).stream().filter(n -> n.equals("retrieve")).count();
    assertThat(retrievals).isEqualTo(its.size()).isBetween(1L, 3L);
    assertThat(its.get(0).signals()).containsKeys("round", "gain", "stability", "elapsed_ms", "budget_ms");
    // the final ranking is the notes of all rounds, answered for the original question
    assertThat(steps(s)).endsWith("use-notes", "generate");
    assertThat(s.query().text()).isEqualTo(MULTI_HOP);
    List<String> docs = s.candidates().stream().map(Candidate::docId).distinct().toList();
    assertThat(docs.subList(0, Math.min(10, docs.size()))).contains("paper-westward", "samarkand");
    assertThat(s.answer()).isNotNull();
  }

  @Test
  void aSecondRoundAsksTheQuestionWithTheLastAnswersSentences() {
    RagState s = caravan.ask(Query.of(MULTI_HOP, 10), "iterative-rag");
    List<TraceEvent> next = s.trace().events().stream().filter(e -> e.step().equals("next-query")).toList();
    if (!next.isEmpty()) {
      assertThat((String) next.get(0).inputs().get("query")).startsWith(MULTI_HOP.substring(0, 40));
      assertThat((Integer) next.get(0).inputs().get("added_chars")).isPositive();
    } else {
      // one round: the policy must have said why
      assertThat(decisions(s, IterationPolicy.NAME).get(0).reason()).isNotBlank();
    }
  }

  @Test
  void adaptiveRagAnswersAGreetingWithoutRetrieving() {
    RagState s = caravan.ask(Query.of("Hello, how are you?"), "adaptive-rag");
    Decision<?> d = decisions(s, AdaptiveDepthPolicy.NAME).get(0);
    assertThat(d.choice()).isEqualTo(AdaptiveDepthPolicy.NO_RETRIEVAL);
    assertThat(d.signals()).containsKeys("p_no_retrieval", "p_single_step", "p_multi_step");
    assertThat(steps(s)).containsExactly("query-features", "adaptive-depth", "generate");
  }

  @Test
  void adaptiveRagSendsAMultiHopQuestionIntoTheLoop() {
    RagState s = caravan.ask(Query.of(MULTI_HOP, 10), "adaptive-rag");
    assertThat(decisions(s, AdaptiveDepthPolicy.NAME).get(0).choice()).isEqualTo(AdaptiveDepthPolicy.MULTI_STEP);
    assertThat(steps(s)).contains("notes", "iteration", "use-notes");
  }

  @Test
  void adaptiveRagChecksASingleStepAndRecordsWhyItStoppedOrEscalated() {
    RagState s = caravan.ask(Query.of("Bactrian camels store fat in their humps.", 5), "adaptive-rag");
    List<Decision<?>> ds = decisions(s, AdaptiveDepthPolicy.NAME);
    assertThat(ds.get(0).choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(ds).hasSizeGreaterThanOrEqualTo(2);
    Decision<?> check = ds.get(1);
    assertThat(check.signals()).containsEntry("phase", "check").containsKeys("gap", "entropy", "nqc");
    if (check.choice().equals(AdaptiveDepthPolicy.SINGLE_STEP)) {
      assertThat(steps(s)).containsExactly("query-features", "adaptive-depth", "retrieve", "rerank", "generate", "adaptive-depth");
    } else {
      // escalated: the first step is round one of the loop, not retrieved again for nothing
      assertThat(steps(s)).contains("notes", "use-notes");
    }
    assertThat(s.candidates().get(0).docId()).isEqualTo("bactrian-camels");
  }

  @Test
  void withTheClassifierOffEveryQueryRetrievesFirst() throws Exception {
    CaravanSettings off = caravan.settings().with("caravan.depth.classifier", "off");
    caravan.close();
    try (Caravan c = Caravan.fromSettings(off, Map.of())) {
      RagState s = c.ask(Query.of("Hello, how are you?"), "adaptive-rag");
      assertThat(decisions(s, AdaptiveDepthPolicy.NAME).get(0).choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
      assertThat(steps(s)).contains("retrieve");
    } finally {
      caravan = Caravan.fromSettings(caravan.settings(), Map.of());
    }
  }
}
