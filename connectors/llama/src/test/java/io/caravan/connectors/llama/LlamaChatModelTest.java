package io.caravan.connectors.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.caravan.testing.LocalModelFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat model on the real Qwen2.5 0.5B model (no double); outputs are kept short. */
class LlamaChatModelTest {

  static final ToolSpecification WEATHER = ToolSpecification.builder()
      .name("weather_forecast")
      .description("The weather forecast for a city")
      .parameters(JsonObjectSchema.builder()
          .addStringProperty("city", "the city")
          .addEnumProperty("unit", List.of("celsius", "fahrenheit"))
          .required("city")
          .build())
      .build();
  static final ToolSpecification CONVERT = ToolSpecification.builder()
      .name("currency_convert")
      .description("Converts an amount of money from one currency to another")
      .parameters(JsonObjectSchema.builder()
          .addNumberProperty("amount")
          .addStringProperty("from")
          .addStringProperty("to")
          .required("amount", "from", "to")
          .build())
      .build();

  private static LlamaEngine engine;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void load() throws Exception {
    engine = LlamaEngine.load(LlamaSettings.of(LocalModelFile.pathOrSkip()).withMaxTokens(48));
  }

  @AfterAll
  static void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void answersWithTextTokenUsageAndAFinishReason() {
    LlamaChatModel model = new LlamaChatModel(engine);
    ChatResponse r = model.chat(ChatRequest.builder()
        .messages(SystemMessage.from("Answer with one word."), UserMessage.from("What is the capital of France?"))
        .maxOutputTokens(8)
        .build());

    assertThat(r.aiMessage().text()).containsIgnoringCase("Paris");
    assertThat(r.aiMessage().hasToolExecutionRequests()).isFalse();
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.tokenUsage().inputTokenCount()).isGreaterThan(10);
    assertThat(r.tokenUsage().outputTokenCount()).isBetween(1, 8);
    assertThat(r.metadata().modelName()).isEqualTo("qwen2.5-coder-0.5b-instruct-q4_k_m");
  }

  @Test
  void maxOutputTokensCutsTheAnswerWithFinishReasonLength() {
    ChatResponse r = new LlamaChatModel(engine).chat(ChatRequest.builder()
        .messages(UserMessage.from("Write a long story about a camel crossing the desert."))
        .maxOutputTokens(3)
        .build());
    assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(3);
    assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
  }

  @Test
  void theGrammarMakesAValidCallToTheRightToolWithItsRequiredArguments() throws Exception {
    List<String> pieces = new ArrayList<>();
    ChatResponse r = new LlamaChatModel(engine).chat(ChatRequest.builder()
        .messages(UserMessage.from("How much is 20 euros in US dollars?"))
        .toolSpecifications(WEATHER, CONVERT)
        .maxOutputTokens(48)
        .build(), pieces::add);

    assertThat(r.finishReason()).as(String.join("|", pieces)).isEqualTo(FinishReason.TOOL_EXECUTION);
    ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().get(0);
    assertThat(call.name()).isEqualTo("currency_convert");
    assertThat(call.id()).startsWith("call_");
    JsonNode args = json.readTree(call.arguments());
    assertThat(args.get("amount").isNumber()).isTrue();
    assertThat(args.get("amount").asDouble()).isEqualTo(20.0);
    assertThat(args.get("from").asText()).isNotBlank();
    assertThat(args.get("to").asText()).isNotBlank();
    // the pieces are the raw generation (the <tool_call> marker is a special token the binding leaves out)
    assertThat(String.join("", pieces)).contains("{\"name\": \"currency_convert\", \"arguments\": {\"amount\": 20");
  }

  @Test
  void afterTheToolResultTheModelAnswersInText() {
    ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_1").name("weather_forecast").arguments("{\"city\": \"Oslo\"}").build();
    ChatResponse r = new LlamaChatModel(engine).chat(ChatRequest.builder()
        .messages(
            UserMessage.from("What is the weather in Oslo?"),
            AiMessage.from(call),
            ToolExecutionResultMessage.from(call, "Oslo: light rain, 7 degrees celsius"))
        .toolSpecifications(WEATHER)
        .maxOutputTokens(32)
        .build());
    assertThat(r.aiMessage().hasToolExecutionRequests()).isFalse();
    assertThat(r.aiMessage().text()).as(r.aiMessage().text()).containsIgnoringCase("rain");
  }

  @Test
  void requiredToolChoiceForcesACallAndNoneOffersNoTool() {
    ChatRequest.Builder chitchat = ChatRequest.builder().messages(UserMessage.from("Hello! How are you?")).toolSpecifications(WEATHER).maxOutputTokens(48);
    ChatResponse forced = new LlamaChatModel(engine).chat(chitchat.toolChoice(ToolChoice.REQUIRED).build());
    assertThat(forced.aiMessage().toolExecutionRequests()).extracting(ToolExecutionRequest::name).containsOnly("weather_forecast");

    ChatResponse none = new LlamaChatModel(engine).chat(chitchat.toolChoice(ToolChoice.NONE).maxOutputTokens(6).build());
    assertThat(none.aiMessage().hasToolExecutionRequests()).isFalse();
    assertThat(none.aiMessage().text()).isNotBlank();
  }

  @Test
  void aToolWithOnlyOptionalArgumentsGetsAValidCallFromItsLinearGrammar() throws Exception {
    ToolSpecification search = ToolSpecification.builder()
        .name("web_search")
        .description("Searches the web")
        .parameters(JsonObjectSchema.builder().addStringProperty("query").addStringProperty("language").addIntegerProperty("results").build())
        .build();
    ChatResponse r = new LlamaChatModel(engine).chat(ChatRequest.builder()
        .messages(UserMessage.from("Search the web for camel milk recipes."))
        .toolSpecifications(search)
        .toolChoice(ToolChoice.REQUIRED)
        .maxOutputTokens(48)
        .build());
    assertThat(r.aiMessage().toolExecutionRequests()).singleElement().satisfies(call -> {
      assertThat(call.name()).isEqualTo("web_search");
      // the arguments parse as a JSON object holding only the tool's properties
      assertThat(json.readTree(call.arguments()).isObject()).as(call.arguments()).isTrue();
      assertThat(json.readTree(call.arguments()).fieldNames()).toIterable().isSubsetOf(List.of("query", "language", "results"));
    });
  }

  @Test
  void aJsonResponseFormatIsConstrainedByItsSchema() throws Exception {
    ChatResponse r = new LlamaChatModel(engine).chat(ChatRequest.builder()
        .messages(UserMessage.from("Which city is the capital of Norway? Reply in JSON."))
        .responseFormat(ResponseFormat.builder().type(dev.langchain4j.model.chat.request.ResponseFormatType.JSON)
            .jsonSchema(dev.langchain4j.model.chat.request.json.JsonSchema.builder().name("capital")
                .rootElement(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build())
            .build())
        .maxOutputTokens(16)
        .build());
    JsonNode answer = json.readTree(r.aiMessage().text());
    assertThat(answer.get("city").asText()).containsIgnoringCase("Oslo");
  }

  @Test
  void parsesBareAndFencedCallsAndRefusesBadRequests() {
    LlamaChatModel model = new LlamaChatModel(engine, LlamaChatModel.ToolCalling.FREE);
    assertThat(model.toolCalls("```json\n{\"name\": \"clock\", \"arguments\": {}}\n```")).extracting(ToolExecutionRequest::name).containsExactly("clock");
    assertThat(model.toolCalls("<tool_call>\n{\"name\": \"a\", \"arguments\": {\"x\": 1}}\n</tool_call>\n<tool_call>\n{\"name\": \"b\"}\n</tool_call>"))
        .extracting(ToolExecutionRequest::arguments).containsExactly("{\"x\":1}", "{}");
    assertThat(model.toolCalls("<tool_call>\n{\"name\": \"a\", \"arguments\": {\"x\": }\n</tool_call>")).isEmpty();
    assertThat(model.toolCalls("It is sunny.")).isEmpty();
    // the special <tool_call> token leaves no text: bare objects, one after another, are the calls
    assertThat(model.toolCalls("{\"name\": \"a\"}\n</tool_call>\n{\"name\": \"b\", \"arguments\": {}}\n</tool_call"))
        .extracting(ToolExecutionRequest::name).containsExactly("a", "b");
    assertThat(model.toolCalls("{\"name\": \"a\"} and then some")).isEmpty();
    assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("hi")).maxOutputTokens(5000).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit the model's context");
  }
}
