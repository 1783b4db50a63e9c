package io.caravan.connectors.llama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The in-process model ({@link LlamaEngine}) as a LangChain4j {@link ChatModel}, so every path that
 * takes a chat model (the LLM rewriter and splitter, the chat generator, the tool agent) runs on it
 * without a server. Messages become a ChatML prompt; decoding is greedy, so sampling parameters in
 * the request (temperature, top-p) have no effect; {@code maxOutputTokens} bounds the answer (the
 * engine's {@code maxTokens} when absent); stop sequences cut the text after generation.
 *
 * <p>Tools: the offered tools go into the system turn as Qwen2.5's template writes them (their
 * JSON-Schema signatures inside {@code <tools>}), and, unless built without it, a GBNF grammar
 * ({@link Gbnf#toolCalls}) constrains the output to well-formed {@code <tool_call>} blocks naming an
 * offered tool with arguments that follow its schema, or to a plain-text answer ({@link
 * ToolChoice#REQUIRED} leaves only calls; {@link ToolChoice#NONE} offers no tool; after tool
 * results, by default, only an answer: {@link ToolCalling}). The calls come
 * back as {@link ToolExecutionRequest}s with finish reason {@link FinishReason#TOOL_EXECUTION}. A
 * JSON response format is constrained the same way, by its schema when it has one.
 */
public final class LlamaChatModel implements ChatModel {

  static final String DEFAULT_SYSTEM = "You are a helpful assistant.";
  private static final Pattern CALL_BLOCK = Pattern.compile(Pattern.quote(ChatMlPrompt.TOOL_CALL) + "\\s*(.*?)\\s*" + Pattern.quote(ChatMlPrompt.TOOL_CALL_END), Pattern.DOTALL);
  private static final Pattern MARKER = Pattern.compile("</?tool_call>?");
  private static final Pattern FENCE = Pattern.compile("^```(?:json)?\\s*(.*?)\\s*```$", Pattern.DOTALL);

  /** How the model is held to the tool-call format when tools are offered. */
  public enum ToolCalling {
    /** No grammar: the model is only told the format (the baseline of the tool-call benchmark). */
    FREE,
    /** A grammar: well-formed calls to offered tools, or a text answer. */
    GRAMMAR,
    /**
     * {@link #GRAMMAR}, and once the conversation ends in tool results, a text answer: Qwen2.5 0.5B,
     * shown the result of its call, repeats the call instead of reading the result (seen on the
     * weather example in the tests), so an agent loop would only end at its bound. A request with
     * {@link ToolChoice#REQUIRED} still gets a call.
     */
    GRAMMAR_THEN_ANSWER
  }

  private final LlamaEngine engine;
  private final ToolCalling toolCalling;
  private final ObjectMapper json = new ObjectMapper();

  public LlamaChatModel(LlamaEngine engine, ToolCalling toolCalling) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.toolCalling = Objects.requireNonNull(toolCalling, "toolCalling");
  }

  /** Tool calls held to the grammar, and an answer after tool results ({@link ToolCalling#GRAMMAR_THEN_ANSWER}). */
  public LlamaChatModel(LlamaEngine engine) {
    this(engine, ToolCalling.GRAMMAR_THEN_ANSWER);
  }

  public LlamaEngine engine() {
    return engine;
  }

  /** The model's name as responses report it: the GGUF file's name without its extension. */
  public String modelName() {
    String file = engine.settings().model().getFileName().toString();
    return file.endsWith(".gguf") ? file.substring(0, file.length() - 5) : file;
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    return chat(request, piece -> {});
  }

  /**
   * Answers {@code request}, handing each generated piece to {@code pieces} as it is written (the
   * raw generation: for a tool call, the {@code <tool_call>} text).
   *
   * @throws IllegalArgumentException when the messages cannot be written as ChatML, or they and the
   *     answer do not fit the model's context
   */
  public ChatResponse chat(ChatRequest request, Consumer<String> pieces) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(pieces, "pieces");
    if (request.messages() == null || request.messages().isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    int maxTokens = request.maxOutputTokens() != null ? request.maxOutputTokens() : engine.settings().maxTokens();
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxOutputTokens must be positive, was " + maxTokens);
    }
    List<ToolSpecification> tools = request.toolSpecifications() == null || request.toolChoice() == ToolChoice.NONE
        ? List.of()
        : request.toolSpecifications();
    List<ChatMessage> messages = request.messages();
    String grammar = null;
    boolean answerOnly = false;
    if (!tools.isEmpty()) {
      boolean required = request.toolChoice() == ToolChoice.REQUIRED;
      boolean afterResults = messages.get(messages.size() - 1) instanceof ToolExecutionResultMessage;
      answerOnly = toolCalling == ToolCalling.GRAMMAR_THEN_ANSWER && afterResults && !required;
      if (answerOnly) {
        messages = answerFromResults(messages);
        grammar = Gbnf.answer();
      } else {
        messages = withTools(messages, tools);
        grammar = toolCalling == ToolCalling.FREE ? null : Gbnf.toolCalls(tools, required);
      }
    } else if (request.responseFormat() != null && request.responseFormat().type() == ResponseFormatType.JSON) {
      ResponseFormat format = request.responseFormat();
      grammar = Gbnf.json(format.jsonSchema() != null && format.jsonSchema().rootElement() != null
          ? format.jsonSchema().rootElement()
          : JsonObjectSchema.builder().build());
    }
    Completion c = engine.complete(engine.prompt(messages), maxTokens, grammar, pieces);
    String text = cut(c.text(), request.stopSequences());
    List<ToolExecutionRequest> calls = tools.isEmpty() || answerOnly ? List.of() : toolCalls(text);
    AiMessage message;
    if (calls.isEmpty()) {
      message = AiMessage.from(text);
    } else {
      int first = text.indexOf(ChatMlPrompt.TOOL_CALL);
      String before = first > 0 ? text.substring(0, first).strip() : "";
      message = AiMessage.builder().text(before.isEmpty() ? null : before).toolExecutionRequests(calls).build();
    }
    FinishReason finish = !calls.isEmpty() ? FinishReason.TOOL_EXECUTION : c.tokens() >= maxTokens ? FinishReason.LENGTH : FinishReason.STOP;
    return ChatResponse.builder()
        .aiMessage(message)
        .modelName(modelName())
        .tokenUsage(new TokenUsage(c.promptTokens(), c.tokens()))
        .finishReason(finish)
        .build();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /**
   * The conversation to answer from once the last question's tool calls have their results: those
   * calls and results become the question's context, as passages are for a grounded answer, which
   * a small model reads far better than a tool-result turn (after one it calls the tool again).
   */
  static List<ChatMessage> answerFromResults(List<ChatMessage> messages) {
    int question = -1;
    for (int i = messages.size() - 1; i >= 0 && question < 0; i--) {
      if (messages.get(i) instanceof UserMessage) {
        question = i;
      }
    }
    if (question < 0) {
      throw new IllegalArgumentException("tool results follow no user message: nothing to answer");
    }
    Map<String, String> arguments = new LinkedHashMap<>();
    StringBuilder results = new StringBuilder();
    for (ChatMessage m : messages.subList(question + 1, messages.size())) {
      if (m instanceof AiMessage a && a.hasToolExecutionRequests()) {
        a.toolExecutionRequests().forEach(r -> arguments.put(String.valueOf(r.id()), r.arguments()));
      } else if (m instanceof ToolExecutionResultMessage r) {
        results.append("- ").append(r.toolName()).append(' ').append(arguments.getOrDefault(String.valueOf(r.id()), "")).append(": ").append(r.text()).append('\n');
      }
    }
    List<ChatMessage> out = new ArrayList<>(messages.subList(0, question));
    out.add(UserMessage.from(((UserMessage) messages.get(question)).singleText()
        + "\n\nWhat the tools returned:\n" + results + "\nAnswer the question from what the tools returned, in one or two sentences."));
    return out;
  }

  /** The conversation with the tools' signatures added to its system turn (one is made if none). */
  private List<ChatMessage> withTools(List<ChatMessage> messages, List<ToolSpecification> tools) {
    StringBuilder block = new StringBuilder("\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
        + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>");
    for (ToolSpecification t : tools) {
      Map<String, Object> function = new LinkedHashMap<>();
      function.put("name", t.name());
      if (t.description() != null) {
        function.put("description", t.description());
      }
      function.put("parameters", t.parameters() == null ? Map.of("type", "object", "properties", Map.of()) : JsonSchemaElementUtils.toMap(t.parameters()));
      block.append('\n').append(write(Map.of("type", "function", "function", function)));
    }
    block.append("\n</tools>\n\nFor each function call, return a json object with function name and arguments within"
        + " <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>");
    List<ChatMessage> out = new ArrayList<>(messages);
    if (out.get(0) instanceof SystemMessage s) {
      out.set(0, SystemMessage.from(s.text() + block));
    } else {
      out.add(0, SystemMessage.from(DEFAULT_SYSTEM + block));
    }
    return out;
  }

  /**
   * The calls in {@code text}: its {@code <tool_call>} blocks whose JSON names a tool; or, when
   * there is no such block, the text as a sequence of such JSON objects, call markers removed (the
   * model writes {@code <tool_call>} as one special token, which the binding leaves out of the
   * text) and code fences too (what a model not held to the grammar often writes). Anything else,
   * a block that is not JSON included, is no call: the text stays the answer, so the caller sees
   * what the model wrote.
   */
  List<ToolExecutionRequest> toolCalls(String text) {
    List<ToolExecutionRequest> calls = new ArrayList<>();
    Matcher m = CALL_BLOCK.matcher(text);
    while (m.find()) {
      List<ToolExecutionRequest> block = sequence(m.group(1));
      if (block.isEmpty()) {
        calls.clear();
        break;
      }
      calls.addAll(block);
    }
    if (!calls.isEmpty()) {
      return calls;
    }
    String bare = MARKER.matcher(text).replaceAll(" ").strip();
    Matcher fence = FENCE.matcher(bare);
    return sequence(fence.matches() ? fence.group(1) : bare);
  }

  /** The calls when {@code jsonText} is one or more JSON objects naming a tool, and nothing else. */
  private List<ToolExecutionRequest> sequence(String jsonText) {
    if (!jsonText.startsWith("{")) {
      return List.of();
    }
    List<ToolExecutionRequest> calls = new ArrayList<>();
    try (MappingIterator<JsonNode> values = json.readerFor(JsonNode.class).readValues(jsonText)) {
      while (values.hasNext()) {
        ToolExecutionRequest r = call(values.next());
        if (r == null) {
          return List.of();
        }
        calls.add(r);
      }
    } catch (IOException | RuntimeException e) {
      return List.of(); // not JSON (Jackson reports it unchecked while iterating): an answer, not a call
    }
    return calls;
  }

  private ToolExecutionRequest call(JsonNode node) {
    if (node == null || !node.isObject() || !node.path("name").isTextual()) {
      return null;
    }
    JsonNode args = node.get("arguments");
    String arguments = args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString();
    return ToolExecutionRequest.builder()
        .id("call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
        .name(node.get("name").asText())
        .arguments(arguments)
        .build();
  }

  private static String cut(String text, List<String> stops) {
    int end = text.length();
    if (stops != null) {
      for (String s : stops) {
        int i = s.isEmpty() ? -1 : text.indexOf(s);
        if (i >= 0 && i < end) {
          end = i;
        }
      }
    }
    return text.substring(0, end);
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a tool signature", e);
    }
  }

  @Override
  public String toString() {
    return engine.toString() + " (chat)";
  }
}
