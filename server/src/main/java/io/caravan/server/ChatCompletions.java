package io.caravan.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.caravan.agents.ToolDescriptor;
import io.caravan.agents.ToolSchemas;
import io.caravan.connectors.llama.LlamaChatModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * OpenAI's chat-completions protocol over the instance's chat model (the in-process model under
 * {@code caravan.generator=llm}), so any OpenAI client, LangChain4j's included, can talk to it:
 * messages (system, user, assistant with tool calls, tool), {@code max_tokens} or {@code
 * max_completion_tokens}, {@code tools} and {@code tool_choice} ("auto", "none", "required"), {@code
 * stop}, {@code response_format} {@code json_object}, {@code stream}. One model is served: the
 * request's {@code model} must be given but is not matched. Sampling fields (temperature, top_p,
 * seed...) are accepted and have no effect on the in-process model, which decodes greedily.
 *
 * <p>Streaming answers in server-sent events in OpenAI's chunk format, a chunk per generated piece
 * written as the model generates it ({@link #stream}).
 */
final class ChatCompletions {

  /** The most tokens one request may ask for; the model's context bounds it further. */
  static final int MAX_TOKENS = 4096;

  private final ObjectMapper json;
  private final ToolSchemas schemas;

  ChatCompletions(ObjectMapper json) {
    this.json = json;
    this.schemas = new ToolSchemas(json);
  }

  /** A parsed request: what to ask the model and whether to answer in events. */
  record Completion(ChatRequest request, boolean stream) {}

  /** The reply: its content type and body. */
  record Reply(String contentType, byte[] body) {}

  /** The model to answer with; 404 when the instance has none. */
  static ChatModel model(Optional<ChatModel> chat) {
    return chat.orElseThrow(() -> new ApiException(404, "no_chat_model",
        "this Caravan has no chat model to serve: start it with caravan.generator=llm (the in-process model, after"
            + " scripts/llm-model.sh) or with CARAVAN_LLM_BASE_URL and CARAVAN_LLM_MODEL"));
  }

  /** The whole reply: a chat completion in JSON, or all of a stream's events in one body. */
  Reply answer(ChatModel model, Completion c) {
    if (c.stream()) {
      java.io.ByteArrayOutputStream events = new java.io.ByteArrayOutputStream();
      stream(model, c, events::writeBytes);
      return new Reply("text/event-stream", events.toByteArray());
    }
    ChatResponse response = model.chat(c.request());
    return new Reply("application/json", bytes(completion(newId(), System.currentTimeMillis() / 1000, name(response, c), response)));
  }

  /**
   * Answers in server-sent events, each handed to {@code events} as soon as it exists: the role,
   * a content chunk per piece the in-process model writes, the tool calls, the finish with the
   * usage, {@code [DONE]}. The pieces go out as generated only when nothing can change the text
   * after generation: no tools offered (a call's raw text is not content) and no stop sequence (the
   * text is cut at one afterwards); otherwise the content goes out whole at the end.
   */
  void stream(ChatModel model, Completion c, Consumer<byte[]> events) {
    String id = newId();
    long created = System.currentTimeMillis() / 1000;
    String requested = model instanceof LlamaChatModel llama ? llama.modelName() : c.request().modelName();
    ObjectNode first = chunk(id, created, requested);
    first.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("role", "assistant");
    events.accept(event(first));
    boolean live = model instanceof LlamaChatModel
        && (c.request().toolSpecifications() == null || c.request().toolSpecifications().isEmpty())
        && (c.request().stopSequences() == null || c.request().stopSequences().isEmpty());
    ChatResponse r = live
        ? ((LlamaChatModel) model).chat(c.request(), piece -> events.accept(event(content(id, created, requested, piece))))
        : model.chat(c.request());
    String name = name(r, c);
    AiMessage ai = r.aiMessage();
    if (!live && ai.text() != null && !ai.text().isEmpty()) {
      events.accept(event(content(id, created, name, ai.text())));
    }
    if (ai.hasToolExecutionRequests()) {
      ObjectNode calls = chunk(id, created, name);
      ObjectNode delta = calls.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta");
      toolCalls(delta.putArray("tool_calls"), ai.toolExecutionRequests(), true);
      events.accept(event(calls));
    }
    ObjectNode last = chunk(id, created, name);
    last.putArray("choices").addObject().put("index", 0).put("finish_reason", finish(r.finishReason())).putObject("delta");
    usage(last, r.tokenUsage());
    events.accept(event(last));
    events.accept("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
  }

  /** An error after the stream began, when the status can no longer say it: one event, the API's error shape. */
  byte[] errorEvent(JsonNode error) {
    return event(error);
  }

  private ObjectNode content(String id, long created, String model, String piece) {
    ObjectNode c = chunk(id, created, model);
    c.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("content", piece);
    return c;
  }

  private static String newId() {
    return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
  }

  private static String name(ChatResponse r, Completion c) {
    return r.modelName() != null ? r.modelName() : c.request().modelName();
  }

  Completion read(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (java.io.IOException e) {
      String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw bad("malformed JSON: " + msg);
    }
    if (root == null || !root.isObject()) {
      throw bad("request body must be a JSON object");
    }
    if (!root.path("model").isTextual() || root.get("model").asText().isBlank()) {
      throw bad("model is required: a non-blank string");
    }
    JsonNode messages = root.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw bad("messages is required: a non-empty array");
    }
    ChatRequest.Builder b = ChatRequest.builder().modelName(root.get("model").asText()).messages(messages(messages));
    Integer max = maxTokens(root);
    if (max != null) {
      b.maxOutputTokens(max);
    }
    JsonNode tools = root.get("tools");
    if (tools != null && !tools.isNull()) {
      b.toolSpecifications(tools(tools));
      b.toolChoice(toolChoice(root.get("tool_choice")));
    } else if (root.hasNonNull("tool_choice") && !"none".equals(root.get("tool_choice").asText())) {
      throw bad("tool_choice needs tools");
    }
    JsonNode stop = root.get("stop");
    if (stop != null && !stop.isNull()) {
      List<String> stops = new ArrayList<>();
      if (stop.isTextual()) {
        stops.add(stop.asText());
      } else if (stop.isArray() && stop.size() <= 4) {
        stop.forEach(s -> stops.add(text(s, "stop[]")));
      } else {
        throw bad("stop must be a string or an array of at most 4 strings");
      }
      b.stopSequences(stops);
    }
    JsonNode format = root.get("response_format");
    if (format != null && !format.isNull()) {
      String type = format.path("type").asText("");
      if (type.equals("json_object")) {
        b.responseFormat(ResponseFormat.JSON);
      } else if (!type.equals("text")) {
        throw bad("response_format.type must be 'text' or 'json_object', was '" + type + "'");
      }
    }
    JsonNode stream = root.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw bad("stream must be true or false");
    }
    return new Completion(b.build(), stream != null && stream.asBoolean(false));
  }

  private List<ChatMessage> messages(JsonNode messages) {
    List<ChatMessage> out = new ArrayList<>();
    Map<String, String> toolNames = new HashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String where = "messages[" + i + "]";
      if (!m.isObject()) {
        throw bad(where + " must be an object");
      }
      String role = m.path("role").asText("");
      switch (role) {
        case "system", "developer" -> out.add(SystemMessage.from(content(m, where, true)));
        case "user" -> out.add(UserMessage.from(content(m, where, true)));
        case "assistant" -> {
          List<ToolExecutionRequest> calls = new ArrayList<>();
          JsonNode toolCalls = m.get("tool_calls");
          if (toolCalls != null && toolCalls.isArray()) {
            for (JsonNode call : toolCalls) {
              String id = call.path("id").asText("");
              String name = text(call.path("function").path("name"), where + ".tool_calls[].function.name");
              String args = call.path("function").path("arguments").asText("{}");
              toolNames.put(id, name);
              calls.add(ToolExecutionRequest.builder().id(id).name(name).arguments(args).build());
            }
          }
          String text = content(m, where, calls.isEmpty());
          out.add(calls.isEmpty() ? AiMessage.from(text) : AiMessage.builder().text(text.isEmpty() ? null : text).toolExecutionRequests(calls).build());
        }
        case "tool" -> {
          String id = text(m.path("tool_call_id"), where + ".tool_call_id");
          String name = m.path("name").isTextual() ? m.get("name").asText() : toolNames.getOrDefault(id, "tool");
          out.add(ToolExecutionResultMessage.from(id, name, content(m, where, true)));
        }
        default -> throw bad(where + ".role must be system, user, assistant or tool, was '" + role + "'");
      }
    }
    return out;
  }

  /** A message's text: a string, or an array of text parts; {@code required} refuses none. */
  private String content(JsonNode m, String where, boolean required) {
    JsonNode c = m.get("content");
    if (c == null || c.isNull()) {
      if (required) {
        throw bad(where + ".content is required");
      }
      return "";
    }
    if (c.isTextual()) {
      return c.asText();
    }
    if (c.isArray()) {
      StringBuilder out = new StringBuilder();
      for (JsonNode part : c) {
        if (!"text".equals(part.path("type").asText())) {
          throw bad(where + ".content: only text parts are served, not '" + part.path("type").asText() + "'");
        }
        out.append(text(part.path("text"), where + ".content[].text"));
      }
      return out.toString();
    }
    throw bad(where + ".content must be a string or an array of text parts");
  }

  private Integer maxTokens(JsonNode root) {
    JsonNode n = root.hasNonNull("max_completion_tokens") ? root.get("max_completion_tokens") : root.get("max_tokens");
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > MAX_TOKENS) {
      throw bad("max_tokens must be a whole number from 1 to " + MAX_TOKENS + ", was " + n);
    }
    return n.asInt();
  }

  private List<ToolSpecification> tools(JsonNode tools) {
    if (!tools.isArray()) {
      throw bad("tools must be an array");
    }
    List<ToolSpecification> out = new ArrayList<>();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode f = tools.get(i).path("function");
      String where = "tools[" + i + "]";
      if (!"function".equals(tools.get(i).path("type").asText()) || !f.isObject()) {
        throw bad(where + " must be {\"type\": \"function\", \"function\": {...}}");
      }
      String name = text(f.path("name"), where + ".function.name");
      String description = f.path("description").isTextual() ? f.get("description").asText() : null;
      String parameters = f.has("parameters") ? f.get("parameters").toString() : null;
      ToolSpecification spec;
      try {
        spec = schemas.specification(new ToolDescriptor(name, description == null || description.isBlank() ? name : description, parameters, null, null));
      } catch (IllegalArgumentException e) {
        throw bad(where + ": " + e.getMessage());
      }
      out.add(ToolSpecification.builder().name(spec.name()).description(description).parameters(spec.parameters()).build());
    }
    return out;
  }

  private static ToolChoice toolChoice(JsonNode n) {
    if (n == null || n.isNull()) {
      return ToolChoice.AUTO;
    }
    return switch (n.asText("")) {
      case "auto" -> ToolChoice.AUTO;
      case "none" -> ToolChoice.NONE;
      case "required" -> ToolChoice.REQUIRED;
      default -> throw bad("tool_choice must be 'auto', 'none' or 'required' (naming one function is not served)");
    };
  }

  private ObjectNode completion(String id, long created, String model, ChatResponse r) {
    ObjectNode out = head(id, "chat.completion", created, model);
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    AiMessage ai = r.aiMessage();
    if (ai.text() == null) {
      message.putNull("content");
    } else {
      message.put("content", ai.text());
    }
    if (ai.hasToolExecutionRequests()) {
      toolCalls(message.putArray("tool_calls"), ai.toolExecutionRequests(), false);
    }
    choice.put("finish_reason", finish(r.finishReason()));
    usage(out, r.tokenUsage());
    return out;
  }

  private byte[] event(JsonNode node) {
    byte[] data = bytes(node);
    byte[] out = new byte[data.length + 8];
    System.arraycopy("data: ".getBytes(StandardCharsets.UTF_8), 0, out, 0, 6);
    System.arraycopy(data, 0, out, 6, data.length);
    out[data.length + 6] = '\n';
    out[data.length + 7] = '\n';
    return out;
  }

  private ObjectNode chunk(String id, long created, String model) {
    return head(id, "chat.completion.chunk", created, model);
  }

  private ObjectNode head(String id, String object, long created, String model) {
    ObjectNode out = json.createObjectNode();
    out.put("id", id);
    out.put("object", object);
    out.put("created", created);
    out.put("model", model);
    return out;
  }

  private static void toolCalls(ArrayNode out, List<ToolExecutionRequest> calls, boolean indexed) {
    for (int i = 0; i < calls.size(); i++) {
      ToolExecutionRequest call = calls.get(i);
      ObjectNode c = out.addObject();
      if (indexed) {
        c.put("index", i);
      }
      c.put("id", call.id());
      c.put("type", "function");
      c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
    }
  }

  private static void usage(ObjectNode out, TokenUsage usage) {
    if (usage != null) {
      ObjectNode u = out.putObject("usage");
      u.put("prompt_tokens", usage.inputTokenCount() == null ? 0 : usage.inputTokenCount());
      u.put("completion_tokens", usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
      u.put("total_tokens", usage.totalTokenCount() == null ? 0 : usage.totalTokenCount());
    }
  }

  private static String finish(FinishReason reason) {
    if (reason == null) {
      return "stop";
    }
    return switch (reason) {
      case LENGTH -> "length";
      case TOOL_EXECUTION -> "tool_calls";
      case CONTENT_FILTER -> "content_filter";
      default -> "stop";
    };
  }

  private static String text(JsonNode n, String where) {
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw bad(where + " must be a non-blank string");
    }
    return n.asText();
  }

  private byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a chat completion", e);
    }
  }

  private static ApiException bad(String message) {
    return new ApiException(400, "bad_request", message);
  }
}
