package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.caravan.connectors.llama.LlamaEngine;
import io.caravan.connectors.llama.LlamaGenerator;
import io.caravan.connectors.llama.LlamaSettings;
import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.spi.FallbackGenerator;
import io.caravan.testing.LocalModelFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The generator on a real Triton server running the real GGUF model, against the same model
 * in-process: same answer, same signals; passages that do not fit left out; a server without the
 * model named; and the in-process fallback once the server is stopped. A 1024-token context and
 * short answers keep it to seconds per generation on two cores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TritonGeneratorTest {

  private static final int CONTEXT = 1024;
  private static final int MAX_TOKENS = 24;
  private static final int TOP = 10;
  private static final Candidate CAMEL =
      candidate("bactrian", "Bactrian camel", "The Bactrian camel has two humps. The humps store fat, not water.");
  private static final Candidate DROMEDARY = candidate("dromedary", "Dromedary", "The dromedary has one hump. It lives in the Middle East.");
  private static final Query QUESTION = Query.of("What do a camel's humps store?");

  private static Path gguf;
  private static TritonServerProcess server;
  private static TritonClient client;
  private static LlamaEngine engine;
  private static TritonGenerator triton;
  private static Answer tritonAnswer;

  @BeforeAll
  static void start() throws Exception {
    gguf = LocalModelFile.pathOrSkip();
    server = TritonServerProcess.startWithLlmOrSkip(gguf, "--llm-context", String.valueOf(CONTEXT), "--llm-threads", "1");
    client = new TritonClient(server.grpcTarget());
    // one thread on both sides: llama.cpp's spinning threads collapse on two shared, busy cores
    LlamaSettings settings = new LlamaSettings(gguf, CONTEXT, 1, MAX_TOKENS, TOP);
    engine = LlamaEngine.load(settings);
    TritonOptions options = TritonOptions.defaults(server.grpcTarget()).withTimeout(Duration.ofSeconds(120)).withRetries(2, Duration.ofMillis(20));
    triton = TritonGenerator.like(new GuardedModel(client, TritonGenerator.MODEL, options), settings);
    triton.start();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  @Order(1)
  void answersAsTheInProcessGeneratorDoesFromTheSameModel() {
    List<String> pieces = new ArrayList<>();
    tritonAnswer = triton.generate(QUESTION, List.of(DROMEDARY, CAMEL), pieces::add);
    Answer local = new LlamaGenerator(engine).generate(QUESTION, List.of(DROMEDARY, CAMEL));

    assertThat(tritonAnswer.generator()).isEqualTo(TritonGenerator.NAME);
    assertThat(local.generator()).isEqualTo(LlamaGenerator.NAME);
    assertThat(tritonAnswer.text()).isEqualTo(local.text()).containsIgnoringCase("fat");
    assertThat(String.join("", pieces).strip()).isEqualTo(tritonAnswer.text());
    assertThat(tritonAnswer.citations()).extracting(Citation::docId).isEqualTo(local.citations().stream().map(Citation::docId).toList());
    AnswerSignals t = tritonAnswer.signals();
    AnswerSignals l = local.signals();
    assertThat(t.tokens()).isEqualTo(l.tokens()).isEqualTo(pieces.size());
    // another llama.cpp build (the JNI binding's vs the wheel's) computes the same greedy path with
    // slightly different floating-point sums
    assertThat(t.meanTokenEntropy()).isCloseTo(l.meanTokenEntropy(), within(0.05));
    assertThat(t.minTokenProbability()).isCloseTo(l.minTokenProbability(), within(0.05));
    assertThat(tritonAnswer.confidence()).isCloseTo(local.confidence(), within(0.05));
    assertThat(t.support()).isEqualTo(l.support());
    assertThat(t.droppedCitations()).isEqualTo(l.droppedCitations());
    assertThat(t.attributedCitations()).isEqualTo(l.attributedCitations());
  }

  @Test
  @Order(2)
  void passagesBeyondTheServersContextAreLeftOutRatherThanFailing() {
    String filler = "Camels are even-toed ungulates that live in deserts and carry loads. ".repeat(10);
    List<Candidate> many = new ArrayList<>();
    many.add(CAMEL);
    for (int i = 0; i < 12; i++) {
      many.add(candidate("filler" + i, "Filler " + i, filler));
    }
    Answer answer = triton.generate(QUESTION, many);

    assertThat(answer.text()).isNotBlank();
    assertThat(answer.citations()).extracting(Citation::docId).doesNotContain("filler11");
    assertThatThrownBy(() -> triton.generate(Query.of(filler.repeat(8)), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit the context of 1024 tokens");
  }

  @Test
  @Order(3)
  void aServerWithoutTheModelIsNamedAtStart() {
    GuardedModel missing = new GuardedModel(client, "llm_generator_7b", TritonOptions.defaults(server.grpcTarget()));
    TritonException e = catchThrowableOfType(TritonException.class, TritonGenerator.like(missing, engine.settings())::start);
    assertThat(e.kind()).isEqualTo(TritonException.Kind.MODEL_NOT_READY);
    assertThat(e).hasMessageContaining("'llm_generator_7b'").hasMessageContaining(server.grpcTarget()).hasMessageContaining("--llm-model");
  }

  @Test
  @Order(4)
  void theInProcessGeneratorAnswersWhileTheServerIsDown() {
    server.stop();
    FallbackGenerator generator = new FallbackGenerator(triton, new LlamaGenerator(engine), triton.fallback());

    Answer answer = generator.generate(QUESTION, List.of(DROMEDARY, CAMEL));

    assertThat(answer.generator()).isEqualTo(LlamaGenerator.NAME);
    assertThat(answer.text()).isEqualTo(tritonAnswer.text());
    assertThat(generator.fallbacks()).isEqualTo(1);
    assertThat(triton.metrics().fallbacks()).isEqualTo(1);
  }

  @Test
  @Order(5)
  void aMissingModelFileStopsTheServerWithItsPath() {
    Path nowhere = gguf.resolveSibling("no-such-model.gguf");
    try (LocalTritonServer s = new LocalTritonServer(TritonServerProcess.repositoryRoot(), TritonServerProcess.home(), List.of("--llm-model", nowhere.toString()))) {
      assertThatThrownBy(() -> s.start(Duration.ofSeconds(60)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exited")
          .hasMessageContaining("no GGUF model at " + nowhere);
    }
  }

  private static Candidate candidate(String id, String title, String text) {
    return new Candidate(new Passage(id + "#0", id, title, text, 0, text.length(), Map.of()), 1.0, Map.of());
  }
}
