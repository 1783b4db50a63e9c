package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.caravan.connectors.llama.LlamaChatModel;
import io.caravan.testing.HashingEncoder;
import io.caravan.testing.LocalModelFile;
import io.caravan.testing.ScriptedChatModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which chat model an instance's LLM paths get: under {@code caravan.generator=llm}, the in-process
 * model (the real Qwen2.5 0.5B, loaded here), unless the builder was given one.
 */
class InProcessChatModelTest {

  @TempDir Path data;

  private CaravanSettings llm() {
    return CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.retriever", "bm25")
        .with("caravan.generator", "llm")
        .with("caravan.llm.model-file", LocalModelFile.pathOrSkip().toString())
        .with("caravan.llm.max-tokens", "16")
        .with("caravan.rewrite.rewriter", "llm")
        .with("caravan.decompose.splitter", "llm");
  }

  @Test
  void underTheLlmGeneratorTheInProcessModelServesTheLlmRewriterSplitterAndAgent() throws Exception {
    try (Caravan caravan = Caravan.builder().settings(llm()).encoder(new HashingEncoder()).build()) {
      assertThat(caravan.chatModel()).containsInstanceOf(LlamaChatModel.class);
      // built at all: caravan.rewrite.rewriter=llm and caravan.decompose.splitter=llm refuse to build without a chat model
      ChatResponse r = caravan.chatModel().orElseThrow().chat(ChatRequest.builder()
          .messages(UserMessage.from("Reply with the word yes.")).maxOutputTokens(3).build());
      assertThat(r.aiMessage().text()).containsIgnoringCase("yes");
    }
  }

  @Test
  void aChatModelGivenToTheBuilderIsTheOneUsed() throws Exception {
    // TEST DOUBLE: the builder's chat model only has to be told apart from the in-process one
    ScriptedChatModel given = ScriptedChatModel.always(request -> ChatResponse.builder().aiMessage(AiMessage.from("scripted")).build());
    try (Caravan caravan = Caravan.builder().settings(llm()).encoder(new HashingEncoder()).chatModel(given).build()) {
      assertThat(caravan.chatModel()).containsSame(given);
    }
    try (Caravan caravan = Caravan.builder().settings(llm().with("caravan.generator", "extractive")
        .with("caravan.rewrite.rewriter", "embedded").with("caravan.decompose.splitter", "rules")).encoder(new HashingEncoder()).build()) {
      assertThat(caravan.chatModel()).isEmpty();
    }
    assertThatThrownBy(() -> Caravan.builder().settings(llm().with("caravan.generator", "extractive")).encoder(new HashingEncoder()).build())
        .hasMessageContaining("caravan.rewrite.rewriter=llm needs a chat model")
        .hasMessageContaining("caravan.generator=llm");
  }
}
