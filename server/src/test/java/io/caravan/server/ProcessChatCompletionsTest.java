package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.caravan.runtime.CaravanSettings;
import io.caravan.server.auth.ApiKeys;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/chat/completions} and {@code /v1/models}: Caravan's processes as OpenAI models,
 * called with LangChain4j's real OpenAI clients (streaming and not) with an API key, on the real
 * stack with the extractive generator.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ProcessChatCompletionsTest {

  private static final String KEY = ApiKeys.newKey(new SecureRandom());

  @TempDir static Path data;

  private ServedCaravan served;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    served = ServedCaravan.start(CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.encoder", "int8")
        .with("caravan.http.port", "0")
        .with("caravan.http.api-keys", ApiKeys.entryLine(KEY, new Principal("app", "default", Set.of(Scope.QUERY, Scope.INGEST), Set.of()))));
    api = new ApiClient(served.httpPort()).withKey(KEY);
    ApiClient.Reply added = api.postJson("/v1/documents", Map.of("documents", QueryStreamTest.CAMEL_DOCUMENTS));
    assertThat(added.status()).as(added.body()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    if (served != null) {
      served.close();
    }
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + served.httpPort() + "/v1";
  }

  @Test
  void langChain4jsOpenAiClientAsksAProcess() {
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey(KEY).modelName("rag").timeout(Duration.ofSeconds(60)).build();
    ChatResponse r = model.chat(ChatRequest.builder()
        .messages(SystemMessage.from("You are a helpful assistant."), UserMessage.from("What do the humps of a Bactrian camel store?")).build());
    assertThat(r.aiMessage().text()).containsIgnoringCase("fat");
    assertThat(r.modelName()).isEqualTo("rag");
  }

  @Test
  void theExtensionCarriesCitationsPassagesAndTheTrace() {
    ApiClient.Reply r = api.postJson("/v1/chat/completions", Map.of("model", "adaptive-rag",
        "messages", List.of(Map.of("role", "user", "content", "Where does groundwater reach the surface?"))));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode j = r.json();
    assertThat(j.get("object").asText()).isEqualTo("chat.completion");
    assertThat(j.at("/choices/0/message/role").asText()).isEqualTo("assistant");
    assertThat(j.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(j.at("/caravan/process").asText()).isEqualTo("adaptive-rag");
    assertThat(j.at("/caravan/citations/0/docId").asText()).isEqualTo("oasis");
    assertThat(j.at("/caravan/passages/0/docId").asText()).isEqualTo("oasis");
    List<String> steps = StreamSupport.stream(j.at("/caravan/trace/events").spliterator(), false).map(e -> e.get("step").asText()).toList();
    assertThat(steps).contains("adaptive-depth", "generate");
  }

  @Test
  void theMessagesBeforeTheLastAreTheConversation() {
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey(KEY).modelName("conversational-rag").timeout(Duration.ofSeconds(60)).build();
    ChatResponse r = model.chat(ChatRequest.builder().messages(
        UserMessage.from("Tell me about the Bactrian camel."),
        AiMessage.from("The Bactrian camel has two humps."),
        UserMessage.from("What do its humps store?")).build());
    assertThat(r.aiMessage().text()).containsIgnoringCase("fat");
  }

  @Test
  void langChain4jsStreamingClientGetsTheAnswerInChunks() throws Exception {
    OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl()).apiKey(KEY).modelName("rag").timeout(Duration.ofSeconds(60)).build();
    List<String> partials = new CopyOnWriteArrayList<>();
    ChatResponse r = stream(streaming, ChatRequest.builder().messages(UserMessage.from("What do the humps of a Bactrian camel store?")).build(), partials);
    assertThat(partials).isNotEmpty();
    assertThat(String.join("", partials)).isEqualTo(r.aiMessage().text()).containsIgnoringCase("fat");
    // a process that may generate twice streams its final answer whole
    ChatResponse adaptive = stream(streaming, ChatRequest.builder().modelName("adaptive-rag").messages(UserMessage.from("Where does groundwater reach the surface?")).build(), partials);
    assertThat(adaptive.aiMessage().text()).containsIgnoringCase("groundwater");
  }

  @Test
  void theRawStreamEndsWithTheExtensionAndDone() throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/chat/completions"))
            .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"model\": \"rag\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"What do camels' humps store?\"}]}"))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> data = r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    JsonNode last = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data.get(data.size() - 2));
    assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(last.at("/caravan/citations/0/docId").asText()).isEqualTo("bactrian");
    assertThat(r.body().lines().filter(l -> l.startsWith(": step ")).toList()).as("steps as comments").contains(": step retrieve", ": step generate");
  }

  @Test
  void modelsAreTheDeployedProcesses() {
    ApiClient.Reply r = api.get("/v1/models");
    assertThat(r.status()).isEqualTo(200);
    List<String> ids = StreamSupport.stream(r.json().get("data").spliterator(), false).map(m -> m.get("id").asText()).toList();
    assertThat(ids).contains("rag", "adaptive-rag", "iterative-rag", "conversational-rag");
    assertThat(r.json().at("/data/0/object").asText()).isEqualTo("model");
    new ApiClient(served.httpPort()).get("/v1/models").assertError(401, "unauthorized");
  }

  @Test
  void badRequestsGetOpenAiShapedJsonErrorsAndNo500() {
    api.postJson("/v1/chat/completions", Map.of("model", "no-such-process", "messages", List.of(Map.of("role", "user", "content", "hi"))))
        .assertError(404, "model_not_found");
    api.postJson("/v1/chat/completions", Map.of("model", "rag")).assertError(400, "bad_request");
    api.postJson("/v1/chat/completions", "{\"model\": \"rag\", \"messages\": [").assertError(400, "bad_request");
    api.postJson("/v1/chat/completions", Map.of("model", "rag", "messages", List.of(Map.of("role", "assistant", "content", "hi"))))
        .assertError(400, "bad_request");
    api.postJson("/v1/chat/completions", Map.of("model", "rag", "messages", List.of(Map.of("role", "user", "content", "hi")),
        "tools", List.of(Map.of("type", "function", "function", Map.of("name", "t"))))).assertError(400, "bad_request");
    api.postJson("/v1/chat/completions", Map.of("model", "rag", "messages", List.of(Map.of("role", "user", "content", "x".repeat(5000)))))
        .assertError(413, "query_too_long");
    api.postJson("/v1/chat/completions", Map.of("model", "rag", "messages", List.of(Map.of("role", "user", "content", "\u200b"))))
        .assertError(400, "bad_request");
    new ApiClient(served.httpPort()).postJson("/v1/chat/completions", Map.of("model", "rag", "messages", List.of(Map.of("role", "user", "content", "hi"))))
        .assertError(401, "unauthorized");
    OpenAiChatModel wrongKey = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey("cvn_wrong").modelName("rag").maxRetries(0).build();
    assertThatThrownBy(() -> wrongKey.chat("hi")).hasMessageContaining("401").hasMessageContaining("unauthorized");
  }

  static ChatResponse stream(OpenAiStreamingChatModel streaming, ChatRequest request, List<String> partials) throws Exception {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    streaming.chat(request,
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            partials.add(partial);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    return done.get(120, TimeUnit.SECONDS);
  }
}
