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
 * <p>Streaming answers in server-sent events in OpenAI's chunk format, a chunk per generated piece;
 * the events are written when the generation ends (the API's responses are whole bodies), so a
 * client gets the protocol, not the early first token.
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

  Reply answer(Optional<ChatModel> chat, byte[] body) {
    ChatModel model = chat.orElseThrow(() -> new ApiException(404, "no_chat_model",
        "this Caravan has no chat model to serve: start it with caravan.generator=llm (the in-process model, after"
            + " scripts/llm-model.sh) or with CARAVAN_LLM_BASE_URL and CARAVAN_LLM_MODEL"));
    Completion c = read(body);
    List<String> pieces = new ArrayList<>();
    Consumer<String> collect = pieces::add;
    ChatResponse response = model instanceof LlamaChatModel llama ? llama.chat(c.request(), collect) : model.chat(c.request());
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = System.currentTimeMillis() / 1000;
    String name = response.modelName() != null ? response.modelName() : c.request().modelName();
    if (!c.stream()) {
      return new Reply("application/json", bytes(completion(id, created, name, response)));
    }
    return new Reply("text/event-stream", events(id, created, name, response, pieces));
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

  /** The reply as OpenAI streams it: the role, a chunk per piece, the calls, the finish, [DONE]. */
  private byte[] events(String id, long created, String model, ChatResponse r, List<String> pieces) {
    StringBuilder out = new StringBuilder();
    AiMessage ai = r.aiMessage();
    ObjectNode first = chunk(id, created, model);
    first.withArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("role", "assistant");
    event(out, first);
    // a tool call's raw text is not content: it goes out as the calls it parsed to
    List<String> contents = ai.hasToolExecutionRequests() ? (ai.text() == null ? List.of() : List.of(ai.text())) : pieces;
    if (!ai.hasToolExecutionRequests() && String.join("", pieces).length() != (ai.text() == null ? 0 : ai.text().length())) {
      contents = ai.text() == null ? List.of() : List.of(ai.text()); // stop sequences cut the text after generation
    }
    for (String piece : contents) {
      ObjectNode c = chunk(id, created, model);
      c.withArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("content", piece);
      event(out, c);
    }
    if (ai.hasToolExecutionRequests()) {
      ObjectNode c = chunk(id, created, model);
      ObjectNode delta = c.withArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta");
      toolCalls(delta.putArray("tool_calls"), ai.toolExecutionRequests(), true);
      event(out, c);
    }
    ObjectNode last = chunk(id, created, model);
    last.withArray("choices").addObject().put("index", 0).put("finish_reason", finish(r.finishReason())).putObject("delta");
    usage(last, r.tokenUsage());
    event(out, last);
    out.append("data: [DONE]\n\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void event(StringBuilder out, ObjectNode node) {
    out.append("data: ").append(new String(bytes(node), StandardCharsets.UTF_8)).append("\n\n");
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
