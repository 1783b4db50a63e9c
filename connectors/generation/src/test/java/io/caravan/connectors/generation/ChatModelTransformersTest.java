package io.caravan.connectors.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.Turn;
import io.caravan.testing.ScriptedChatModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The LLM rewriter and splitter as query transformers, against {@link ScriptedChatModel} (a TEST
 * DOUBLE for a chat service): the queries they return keep the asked query's k, filters and history.
 */
class ChatModelTransformersTest {

  private static final Query ASKED =
      new Query("Which is older, Samarkand or Bukhara?", 7, Map.of("topic", "history"), List.of(new Turn("user", "Tell me about the Silk Road.")));

  private static ChatModelSplitter splitter(String reply) {
    return new ChatModelSplitter(ScriptedChatModel.replying(ChatResponse.builder().aiMessage(AiMessage.from(reply)).build()), "scripted", 4);
  }

  @Test
  void theSplittersPartsAreQueriesLikeTheOneAsked() {
    List<Query> parts = splitter("1. When was Samarkand founded?\n2. When was Bukhara founded?").transform(ASKED, RagState.start(ASKED));
    assertThat(parts).extracting(Query::text).containsExactly("When was Samarkand founded?", "When was Bukhara founded?");
    assertThat(parts).allSatisfy(p -> {
      assertThat(p.k()).isEqualTo(7);
      assertThat(p.filters()).isEqualTo(ASKED.filters());
      assertThat(p.history()).isEqualTo(ASKED.history());
    });
    assertThat(splitter("").name()).isEqualTo(ChatModelSplitter.NAME);
  }

  @Test
  void theRewritersRewriteIsOneQueryLikeTheOneAsked() {
    ChatModelRewriter rewriter =
        new ChatModelRewriter(ScriptedChatModel.replying(ChatResponse.builder().aiMessage(AiMessage.from("Which is older, Samarkand or Bukhara on the Silk Road?")).build()), "scripted");
    List<Query> out = rewriter.transform(ASKED, RagState.start(ASKED));
    assertThat(out).containsExactly(ASKED.withText("Which is older, Samarkand or Bukhara on the Silk Road?"));
    assertThat(rewriter.name()).isEqualTo(ChatModelRewriter.NAME);
  }
}
