package io.caravan.connectors.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.testing.LocalModelFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process generator on the real Qwen2.5 0.5B model (no double). Short answers keep it fast. */
class LlamaGeneratorTest {

  private static final Candidate CAMEL =
      candidate("bactrian", "Bactrian camel", "The Bactrian camel has two humps. The humps store fat, not water.");
  private static final Candidate DROMEDARY = candidate("dromedary", "Dromedary", "The dromedary has one hump. It lives in the Middle East.");

  private static LlamaEngine engine;

  @BeforeAll
  static void load() throws Exception {
    engine = LlamaEngine.load(LlamaSettings.of(LocalModelFile.pathOrSkip()).withMaxTokens(32));
  }

  @AfterAll
  static void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void answersFromThePassagesWithACitationAndTokenUncertainty() {
    Answer answer = new LlamaGenerator(engine).generate(Query.of("What do a camel's humps store?"), List.of(DROMEDARY, CAMEL));

    assertThat(answer.generator()).isEqualTo("llm");
    assertThat(answer.text().toLowerCase()).contains("fat");
    assertThat(answer.citations()).extracting(Citation::docId).contains("bactrian");
    AnswerSignals s = answer.signals();
    assertThat(s.hasTokenUncertainty()).isTrue();
    assertThat(s.tokens()).isBetween(1, 32);
    assertThat(s.meanTokenEntropy()).isGreaterThanOrEqualTo(0.0);
    assertThat(s.minTokenProbability()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
    assertThat(answer.confidence()).isGreaterThanOrEqualTo(s.minTokenProbability()).isLessThanOrEqualTo(1.0);
    assertThat(s.support()).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void streamsPiecesThatMakeUpTheAnswer() {
    List<String> pieces = new ArrayList<>();
    Answer answer = new LlamaGenerator(engine).generate(Query.of("How many humps does a dromedary have?"), List.of(DROMEDARY, CAMEL), pieces::add);

    assertThat(pieces.size()).isGreaterThan(1);
    assertThat(pieces.size()).isEqualTo(answer.signals().tokens());
    // the streamed text is the raw generation; the answer's text only loses markers naming no passage
    assertThat(String.join("", pieces).strip()).startsWith(answer.text().substring(0, Math.min(5, answer.text().length())));
  }

  @Test
  void aListenerThatFailsStopsTheGenerationAndTheModelStaysUsable() {
    LlamaGenerator generator = new LlamaGenerator(engine);
    assertThatThrownBy(() -> generator.generate(Query.of("What do humps store?"), List.of(CAMEL), piece -> {
      throw new IllegalStateException("client went away");
    })).hasMessage("client went away");

    Answer next = generator.generate(Query.of("What do humps store?"), List.of(CAMEL));
    assertThat(next.text()).isNotBlank();
  }

  @Test
  void passagesBeyondTheContextAreLeftOutRatherThanFailing() throws Exception {
    String filler = "Camels are even-toed ungulates that live in deserts and carry loads. ".repeat(40);
    List<Candidate> many = new ArrayList<>();
    many.add(CAMEL);
    for (int i = 0; i < 12; i++) {
      many.add(candidate("filler" + i, "Filler " + i, filler));
    }
    try (LlamaEngine small = LlamaEngine.load(new LlamaSettings(LocalModelFile.pathOrSkip(), 1024, 2, 16, 5))) {
      Answer answer = new LlamaGenerator(small).generate(Query.of("What do a camel's humps store?"), many);
      assertThat(answer.text()).isNotBlank();
      assertThat(answer.citations()).extracting(Citation::docId).doesNotContain("filler11");
      assertThatThrownBy(() -> small.complete(filler.repeat(3), 16, null, piece -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not fit the model's context of 1024 tokens");
    }
  }

  private static Candidate candidate(String id, String title, String text) {
    return new Candidate(new Passage(id + "#0", id, title, text, 0, text.length(), Map.of()), 1.0, Map.of());
  }
}
