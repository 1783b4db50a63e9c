package io.caravan.connectors.generation;

import io.caravan.testing.ScriptedChatModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.caravan.core.Query;
import io.caravan.core.Turn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The LLM rewriter and splitter against {@link ScriptedChatModel}, a TEST DOUBLE standing in for a
 * chat service (none runs in this build): what is tested is the request they build and how they
 * read replies, not the quality of any model's rewrites.
 */
class ChatModelQueryToolsTest {

  private static ChatResponse reply(String text) {
    return ChatResponse.builder().aiMessage(AiMessage.from(text)).build();
  }

  private static final Query FOLLOW_UP =
      new Query("When did he die?", 5, Map.of(), List.of(new Turn("user", "Who was Ibn Battuta?"), new Turn("assistant", "A traveller from Tangier.")));

  @Test
  void theRewriterSendsTheTranscriptAndReadsTheFirstLineOfTheReply() {
    ScriptedChatModel scripted = ScriptedChatModel.replying(reply("Rewrite: \"When did Ibn Battuta die?\"\nHe died in 1369."));
    String r = new ChatModelRewriter(scripted, "scripted").rewrite(FOLLOW_UP);
    assertThat(r).isEqualTo("When did Ibn Battuta die?");
    ChatRequest sent = scripted.requests().get(0);
    assertThat(sent.messages()).hasSize(2);
    assertThat(((SystemMessage) sent.messages().get(0)).text()).isEqualTo(ChatModelRewriter.INSTRUCTION);
    assertThat(((UserMessage) sent.messages().get(1)).singleText())
        .contains("user: Who was Ibn Battuta?", "assistant: A traveller from Tangier.", "Last question: When did he die?");
  }

  @Test
  void theRewriterMakesNoCallWithoutHistoryAndKeepsTheQuestionOnAnEmptyReply() {
    ScriptedChatModel none = ScriptedChatModel.replying();
    assertThat(new ChatModelRewriter(none, "scripted").rewrite(Query.of("When did Ibn Battuta die?"))).isEqualTo("When did Ibn Battuta die?");
    assertThat(none.requests()).isEmpty();
    assertThat(new ChatModelRewriter(ScriptedChatModel.replying(reply("  \n ")), "scripted").rewrite(FOLLOW_UP)).isEqualTo("When did he die?");
  }

  @Test
  void aFailingModelIsAChatModelExceptionNamingIt() {
    ChatModel failing =
        new ChatModel() {
          @Override
          public ChatResponse doChat(ChatRequest request) {
            throw new IllegalStateException("connection refused");
          }
        };
    assertThatThrownBy(() -> new ChatModelRewriter(failing, "llama at http://gpu:8000/v1").rewrite(FOLLOW_UP))
        .isInstanceOf(ChatModelException.class)
        .hasMessageContaining("llama at http://gpu:8000/v1")
        .hasMessageContaining("connection refused");
    assertThatThrownBy(() -> new ChatModelSplitter(failing, "llama", 4).split("Which is older, X or Y?"))
        .isInstanceOf(ChatModelException.class);
  }

  @Test
  void theSplitterReadsOneSubQuestionPerLineWithoutListMarkers() {
    ScriptedChatModel scripted =
        ScriptedChatModel.replying(reply("1. When was Samarkand founded?\n2) When was Bukhara founded?\n- When was Samarkand founded?\n\n* \"Which is older?\""));
    List<String> parts = new ChatModelSplitter(scripted, "scripted", 4).split("Which is older, Samarkand or Bukhara?");
    assertThat(parts).containsExactly("When was Samarkand founded?", "When was Bukhara founded?", "Which is older?");
    // the worked example goes first, as an earlier exchange; the question is the last message
    List<ChatMessage> sent = scripted.requests().get(0).messages();
    assertThat(((UserMessage) sent.get(1)).singleText()).isEqualTo(ChatModelSplitter.EXAMPLE_QUESTION);
    assertThat(((AiMessage) sent.get(2)).text()).isEqualTo(ChatModelSplitter.EXAMPLE_SPLIT);
    assertThat(((UserMessage) sent.get(3)).singleText()).isEqualTo("Which is older, Samarkand or Bukhara?");
  }

  @Test
  void theSplitterKeepsAtMostMaxPartsAndFallsBackToTheQuestion() {
    ScriptedChatModel many = ScriptedChatModel.replying(reply("a\nb\nc\nd\ne"));
    assertThat(new ChatModelSplitter(many, "scripted", 2).split("q")).containsExactly("a", "b");
    assertThat(new ChatModelSplitter(ScriptedChatModel.replying(reply("")), "scripted", 2).split(" What is silk? ")).containsExactly("What is silk?");
    assertThatThrownBy(() -> new ChatModelSplitter(many, "scripted", 0)).hasMessageContaining("maxParts");
  }
}
