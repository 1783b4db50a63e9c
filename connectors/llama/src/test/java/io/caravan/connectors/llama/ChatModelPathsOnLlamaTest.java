package io.caravan.connectors.llama;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.connectors.generation.ChatModelRewriter;
import io.caravan.connectors.generation.ChatModelSplitter;
import io.caravan.core.Query;
import io.caravan.core.Turn;
import io.caravan.testing.LocalModelFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LLM query rewriter and splitter of connectors/generation, written against LangChain4j's chat
 * model, on the real Qwen2.5 0.5B model through {@link LlamaChatModel} (no double).
 */
class ChatModelPathsOnLlamaTest {

  private static LlamaEngine engine;

  @BeforeAll
  static void load() throws Exception {
    engine = LlamaEngine.load(LlamaSettings.of(LocalModelFile.pathOrSkip()).withMaxTokens(40));
  }

  @AfterAll
  static void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void theRewriterMakesAFollowUpQuestionSelfContained() {
    ChatModelRewriter rewriter = new ChatModelRewriter(new LlamaChatModel(engine), engine.toString());
    Query followUp = new Query("When was it built?", 5, Map.of(), List.of(
        new Turn("user", "Tell me about the Eiffel Tower."),
        new Turn("assistant", "The Eiffel Tower is a wrought-iron tower in Paris.")));

    String rewritten = rewriter.rewrite(followUp);

    assertThat(rewritten).containsIgnoringCase("Eiffel Tower").doesNotContainIgnoringCase(" it ");
    assertThat(rewritten.lines().count()).isEqualTo(1);
  }

  @Test
  void theSplitterDecomposesAComparisonIntoOneQuestionPerEntity() {
    ChatModelSplitter splitter = new ChatModelSplitter(new LlamaChatModel(engine), engine.toString(), 4);

    List<String> parts = splitter.split("Which is older, Samarkand or Bukhara?");

    assertThat(parts).hasSizeBetween(2, 4);
    assertThat(parts).anySatisfy(p -> assertThat(p).contains("Samarkand").doesNotContain("Bukhara"));
    assertThat(parts).anySatisfy(p -> assertThat(p).contains("Bukhara").doesNotContain("Samarkand"));
  }
}
