package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.spi.Generator;
import io.caravan.ingest.ProgressListener;
import io.caravan.policies.depth.AdaptiveDepthPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled lazy-rag process end to end on the real stack (Lucene, the int8 encoder, Flowable,
 * Camel, the adaptive-depth policy), each of its three outcomes: a confident answer without
 * retrieval, one retrieval for an uncertain answer, the iterative loop for an answer still uncertain
 * after one step.
 */
class LazyRagProcessTest {

  static final String CONFIDENT = "What is two plus two?";
  static final String UNSURE_WITHOUT_PASSAGES = "How much fat does a Bactrian camel store in its humps?";
  static final String ALWAYS_UNSURE = "Which ruler made his capital in the city that learned papermaking from Chinese prisoners?";

  /**
   * TEST DOUBLE, not a model: a generator whose token uncertainty is scripted per question, so the
   * policy's branches can be asserted; what it answers does not matter here, its signals do. It
   * reports high entropy for {@link #UNSURE_WITHOUT_PASSAGES} until it is given passages, and for
   * {@link #ALWAYS_UNSURE} always.
   */
  static final class ScriptedUncertaintyGenerator implements Generator {
    @Override
    public String name() {
      return "scripted-uncertainty";
    }

    @Override
    public Answer generate(Query query, List<Candidate> context) {
      boolean unsure = query.text().startsWith(ALWAYS_UNSURE.substring(0, 30))
          || (query.text().equals(UNSURE_WITHOUT_PASSAGES) && context.isEmpty());
      AnswerSignals s = unsure ? AnswerSignals.ofTokens(6, 1.8, 0.05) : AnswerSignals.ofTokens(3, 0.05, 0.95);
      return new Answer(unsure ? "maybe something" : "four", List.of(), unsure ? 0.2 : 0.95, name(), s);
    }
  }

  @TempDir static Path data;
  static Caravan caravan;

  @BeforeAll
  static void open() throws Exception {
    CaravanSettings settings = CaravanSettings.defaultsOnly().with("caravan.data", data.toString()).with("caravan.encoder", "int8")
        .with("caravan.depth.max-token-entropy", "0.5").with("caravan.depth.min-token-probability", "0.2");
    caravan = Caravan.builder().settings(settings).environment(Map.of()).generator(new ScriptedUncertaintyGenerator()).build();
    for (String doc : List.of("bactrian-camels.md", "paper-westward.md", "samarkand.md", "dromedary-camels.md")) {
      caravan.ingest(Path.of("../examples/sample-corpus/docs", doc), ProgressListener.NONE);
    }
  }

  @AfterAll
  static void close() {
    caravan.close();
  }

  private static List<String> steps(RagState s) {
    return s.trace().events().stream().map(TraceEvent::step).toList();
  }

  private static List<Decision<?>> depth(RagState s) {
    return s.trace().events().stream().map(TraceEvent::decision).filter(d -> d != null && d.policy().equals(AdaptiveDepthPolicy.NAME)).toList();
  }

  @Test
  void aConfidentAnswerIsKeptWithoutAnyRetrieval() {
    RagState s = caravan.ask(Query.of(CONFIDENT), "lazy-rag");
    assertThat(s.retrievalCalls()).isZero();
    assertThat(steps(s)).containsExactly("generate", "adaptive-depth");
    Decision<?> d = depth(s).get(0);
    assertThat(d.choice()).isEqualTo(AdaptiveDepthPolicy.NO_RETRIEVAL);
    assertThat(d.signals()).containsEntry("phase", "answer-first").containsEntry("mean_token_entropy", 0.05).containsEntry("min_token_probability", 0.95);
    assertThat(s.answer().text()).isEqualTo("four");
  }

  @Test
  void anUncertainAnswerIsRetrievedForOnce() {
    RagState s = caravan.ask(Query.of(UNSURE_WITHOUT_PASSAGES, 5), "lazy-rag");
    assertThat(s.retrievalCalls()).isEqualTo(1);
    assertThat(steps(s)).containsExactly("generate", "adaptive-depth", "retrieve", "rerank", "generate", "adaptive-depth");
    List<Decision<?>> ds = depth(s);
    assertThat(ds.get(0).choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(ds.get(0).reason()).contains("mean token entropy 1.800 > 0.500");
    assertThat(ds.get(1).signals()).containsEntry("phase", "check").containsEntry("mean_token_entropy", 0.05);
    assertThat(ds.get(1).choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(s.candidates().get(0).docId()).isEqualTo("bactrian-camels");
  }

  @Test
  void anAnswerStillUncertainAfterOneStepGoesIntoTheLoop() {
    RagState s = caravan.ask(Query.of(ALWAYS_UNSURE, 5), "lazy-rag");
    List<Decision<?>> ds = depth(s);
    assertThat(ds).extracting(Decision::choice).containsExactly(AdaptiveDepthPolicy.SINGLE_STEP, AdaptiveDepthPolicy.MULTI_STEP);
    assertThat(ds.get(1).reason()).startsWith("uncertain generator");
    assertThat(steps(s)).contains("notes", "iteration", "use-notes").endsWith("generate");
    assertThat(s.retrievalCalls()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void withTheCheckOffEveryQueryRetrieves() throws Exception {
    CaravanSettings off = caravan.settings().with("caravan.depth.generator-uncertainty", "off");
    try (Caravan c = Caravan.builder().settings(off.with("caravan.data", data.resolve("off").toString())).environment(Map.of())
        .generator(new ScriptedUncertaintyGenerator()).build()) {
      RagState s = c.ask(Query.of(CONFIDENT), "lazy-rag");
      assertThat(depth(s).get(0).choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
      assertThat(s.retrievalCalls()).isEqualTo(1);
    }
  }
}
