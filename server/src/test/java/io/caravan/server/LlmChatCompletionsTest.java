package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import io.caravan.connectors.generation.ChatModelGenerator;
import io.caravan.connectors.generation.ChatModelSettings;
import io.caravan.connectors.llama.LlamaChatModel;
import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.runtime.CaravanSettings;
import io.caravan.testing.LocalModelFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /llm/v1/chat/completions} of a server started with {@code caravan.generator=llm}: the
 * chat generator and a tool call through LangChain4j's real OpenAI client, on the real Qwen2.5 0.5B
 * model (no double), and the endpoint's answers to bad requests.
 */
@TestInstance(Lifecycle.PER_CLASS)
class LlmChatCompletionsTest {

  private static final String PATH = "/llm/v1/chat/completions";

  @TempDir static Path data;

  private ServedCaravan served;
  private ApiClient api;
  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  void start() throws Exception {
    CaravanSettings settings = CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.encoder", "int8")
        .with("caravan.http.port", "0")
            .with("caravan.http.auth", "open")
        .with("caravan.generator", "llm")
        .with("caravan.llm.model-file", LocalModelFile.pathOrSkip().toString())
        .with("caravan.llm.max-tokens", "48");
    served = ServedCaravan.start(settings);
    api = new ApiClient(served.httpPort());
  }

  @AfterAll
  void stop() {
    if (served != null) {
      served.close();
    }
  }

  private ChatModelSettings client() {
    return new ChatModelSettings("http://127.0.0.1:" + served.httpPort() + "/llm/v1", "qwen2.5-coder-0.5b", "", Duration.ofSeconds(120), 0);
  }

  @Test
  void theInProcessModelIsTheInstancesChatModel() {
    assertThat(served.caravan().chatModel()).containsInstanceOf(LlamaChatModel.class);
  }

  @Test
  void theChatGeneratorAnswersThroughLangChain4jsOpenAiClient() {
    String text = "The Bactrian camel has two humps. The humps store fat, not water.";
    Candidate camel = new Candidate(new Passage("bactrian#0", "bactrian", "Bactrian camel", text, 0, text.length(), Map.of()), 1.0, Map.of());

    Answer answer = ChatModelGenerator.of(client()).generate(Query.of("What do a camel's humps store?"), List.of(camel));

    assertThat(answer.text().toLowerCase()).contains("fat");
    assertThat(answer.citations()).isNotEmpty();
  }

  @Test
  void aToolCallComesBackThroughTheOpenAiClient() throws Exception {
    ToolSpecification weather = ToolSpecification.builder().name("weather_forecast").description("The weather forecast for a city")
        .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();

    ChatResponse r = client().buildChatModel().chat(ChatRequest.builder()
        .messages(UserMessage.from("What is the weather in Oslo today?"))
        .toolSpecifications(weather)
        .build());

    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().get(0);
    assertThat(call.name()).isEqualTo("weather_forecast");
    assertThat(mapper.readTree(call.arguments()).get("city").asText()).isEqualTo("Oslo");
    assertThat(r.tokenUsage().inputTokenCount()).isPositive();
  }

  @Test
  void streamingAnswersInServerSentEventsThatAddUpToTheAnswer() throws Exception {
    Map<String, Object> body = Map.of("model", "any", "max_tokens", 6,
        "messages", List.of(Map.of("role", "user", "content", "What is the capital of France? One word.")));
    JsonNode whole = api.postJson(PATH, body).json();
    assertThat(whole.at("/object").asText()).isEqualTo("chat.completion");
    assertThat(whole.at("/usage/completion_tokens").asInt()).isBetween(1, 6);

    Map<String, Object> streamed = new java.util.HashMap<>(body);
    streamed.put("stream", true);
    ApiClient.Reply r = api.postJson(PATH, streamed);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/event-stream");
    List<String> events = r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    StringBuilder content = new StringBuilder();
    List<String> finishes = new ArrayList<>();
    for (String e : events.subList(0, events.size() - 1)) {
      JsonNode chunk = mapper.readTree(e);
      assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
      content.append(chunk.at("/choices/0/delta/content").asText(""));
      if (!chunk.at("/choices/0/finish_reason").isNull()) {
        finishes.add(chunk.at("/choices/0/finish_reason").asText());
      }
    }
    assertThat(content.toString()).isEqualTo(whole.at("/choices/0/message/content").asText()).containsIgnoringCase("Paris");
    assertThat(finishes).containsExactly(whole.at("/choices/0/finish_reason").asText());
  }

  @Test
  void badRequestsAreRefusedWithTheReason() {
    api.postJson(PATH, "{not json").assertError(400, "bad_request");
    assertThat(api.postJson(PATH, Map.of("messages", List.of(Map.of("role", "user", "content", "hi")))).assertError(400, "bad_request")
        .at("/message").asText()).contains("model is required");
    assertThat(api.postJson(PATH, Map.of("model", "m", "messages", List.of())).assertError(400, "bad_request")
        .at("/message").asText()).contains("messages is required");
    assertThat(api.postJson(PATH, Map.of("model", "m", "messages", List.of(Map.of("role", "wizard", "content", "hi")))).assertError(400, "bad_request")
        .at("/message").asText()).contains("messages[0].role must be");
    assertThat(api.postJson(PATH, Map.of("model", "m", "max_tokens", 0, "messages", List.of(Map.of("role", "user", "content", "hi")))).assertError(400, "bad_request")
        .at("/message").asText()).contains("max_tokens must be");
    assertThat(api.postJson(PATH, Map.of("model", "m", "tool_choice", "required", "messages", List.of(Map.of("role", "user", "content", "hi")))).assertError(400, "bad_request")
        .at("/message").asText()).contains("tool_choice needs tools");
    assertThat(api.postJson(PATH, Map.of("model", "m", "tools", List.of(Map.of("type", "function", "function", Map.of("name", "t", "parameters", Map.of("type", "tuple")))),
        "messages", List.of(Map.of("role", "user", "content", "hi")))).assertError(400, "bad_request").at("/message").asText()).contains("tools[0]");
  }

  @Test
  void langChain4jsStreamingOpenAiClientReadsTheEventsPieceByPiece() throws Exception {
    OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder()
        .baseUrl("http://127.0.0.1:" + served.httpPort() + "/llm/v1").modelName("qwen2.5-coder-0.5b").timeout(Duration.ofSeconds(120)).build();
    List<String> partials = new java.util.concurrent.CopyOnWriteArrayList<>();
    ChatResponse r = stream(streaming, ChatRequest.builder().messages(UserMessage.from("Name three colours.")).maxOutputTokens(12).build(), partials);

    assertThat(partials.size()).isGreaterThan(1);
    assertThat(String.join("", partials)).isEqualTo(r.aiMessage().text()).isNotBlank();
    assertThat(r.tokenUsage().outputTokenCount()).isBetween(1, 12);

    // a tool call arrives as one tool_calls delta, which the client assembles into the request
    ToolSpecification weather = ToolSpecification.builder().name("weather_forecast").description("The weather forecast for a city")
        .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
    ChatResponse call = stream(streaming, ChatRequest.builder().messages(UserMessage.from("What is the weather in Oslo today?"))
        .toolSpecifications(weather).build(), new ArrayList<>());
    assertThat(call.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    assertThat(call.aiMessage().toolExecutionRequests()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("weather_forecast");
      assertThat(t.arguments()).contains("Oslo");
    });
  }

  @Test
  void aProcessStreamsTheRealModelsTokensAsTheyAreGenerated() throws Exception {
    ApiClient.Reply added = api.postJson("/v1/documents", Map.of("id", "bactrian", "title", "Bactrian camel",
        "text", "The Bactrian camel has two humps. Its humps store fat, which it burns when food is scarce."));
    assertThat(added.status()).as(added.body()).isEqualTo(200);

    // the OpenAI interface over the rag process: a chunk per piece the model writes
    OpenAiStreamingChatModel rag = OpenAiStreamingChatModel.builder()
        .baseUrl("http://127.0.0.1:" + served.httpPort() + "/v1").modelName("rag").timeout(Duration.ofSeconds(120)).build();
    List<String> partials = new java.util.concurrent.CopyOnWriteArrayList<>();
    ChatResponse r = stream(rag, ChatRequest.builder().messages(UserMessage.from("What do the humps of a Bactrian camel store?")).build(), partials);
    assertThat(partials.size()).isGreaterThan(1);
    assertThat(r.aiMessage().text().toLowerCase()).contains("fat");

    // Caravan's own events: token events, then the answer as grounded in the done event
    java.net.http.HttpResponse<java.util.stream.Stream<String>> events = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + served.httpPort() + "/v1/query"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"query\": \"What do the humps of a Bactrian camel store?\", \"stream\": true}"))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofLines());
    List<QueryStreamTest.Event> streamed = QueryStreamTest.events(events);
    assertThat(streamed.stream().filter(e -> e.name().equals("token")).count()).isGreaterThan(1);
    assertThat(streamed.stream().filter(e -> e.name().equals("generation")).findFirst().orElseThrow().data().get("generator").asText()).isEqualTo("llm");
    assertThat(streamed.get(streamed.size() - 1).data().at("/answer/text").asText().toLowerCase()).contains("fat");
  }

  private static ChatResponse stream(OpenAiStreamingChatModel streaming, ChatRequest request, List<String> partials) throws Exception {
    return ProcessChatCompletionsTest.stream(streaming, request, partials);
  }

}
