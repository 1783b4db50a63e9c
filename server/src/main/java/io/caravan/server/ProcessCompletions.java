package io.caravan.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.Turn;
import io.caravan.processes.DeployedProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * OpenAI's chat-completions protocol over Caravan's processes ({@code /v1/chat/completions},
 * {@code /v1/models}): the {@code model} names the process, the last message (a user's) is the
 * question and the user and assistant messages before it are the conversation. What a process
 * decides for itself is not taken from the request: system messages are read and ignored (the
 * process's generator has its own prompt), and so are the sampling fields and {@code max_tokens}
 * (the generator's settings bound the answer); tools, tool messages, stop sequences and a JSON
 * response format are refused, since no process serves them.
 *
 * <p>The reply is a chat completion whose message is the process's answer, with the extension
 * field {@code caravan}: the process, the citations, the passages' ids and scores, and the trace.
 * Streamed, the extension rides on the last chunk before {@code [DONE]}.
 */
final class ProcessCompletions {

  private final ObjectMapper mapper;
  private final ChatCompletions parser;
  private final ApiJson json;

  ProcessCompletions(ObjectMapper mapper, ApiJson json) {
    this.mapper = mapper;
    this.parser = new ChatCompletions(mapper);
    this.json = json;
  }

  /** A parsed request: the process, its query and whether to stream. */
  record Request(String process, Query query, boolean stream) {

    /** This request asked with {@code access}, the caller's. */
    Request askedBy(io.caravan.core.Access access) {
      return new Request(process, query.withAccess(access), stream);
    }
  }

  Request read(byte[] body, int maxQueryChars) {
    ChatCompletions.Completion c = parser.read(body);
    ChatRequest r = c.request();
    if (r.toolSpecifications() != null && !r.toolSpecifications().isEmpty()) {
      throw bad("tools are not served here: a process picks its own tools (the tool-agent process); for raw tool calls use /llm/v1/chat/completions");
    }
    if (r.stopSequences() != null && !r.stopSequences().isEmpty()) {
      throw bad("stop is not served here: a process's answer is not cut by the client");
    }
    if (r.responseFormat() != null && r.responseFormat().equals(ResponseFormat.JSON)) {
      throw bad("response_format json_object is not served here: a process answers in text with citations");
    }
    List<ChatMessage> messages = r.messages();
    ChatMessage last = messages.get(messages.size() - 1);
    if (!(last instanceof UserMessage question)) {
      throw bad("the last message must be the user's question (role user)");
    }
    String text = question.singleText();
    if (text.length() > maxQueryChars) {
      throw new ApiException(413, "query_too_long", "the question is " + text.length() + " characters; the limit is " + maxQueryChars);
    }
    List<Turn> history = new ArrayList<>();
    for (ChatMessage m : messages.subList(0, messages.size() - 1)) {
      if (m instanceof UserMessage u) {
        history.add(new Turn("user", u.singleText()));
      } else if (m instanceof AiMessage a) {
        if (a.hasToolExecutionRequests()) {
          throw bad("assistant tool calls are not served here: a process keeps its own tool calls");
        }
        history.add(new Turn("assistant", a.text() == null ? "" : a.text()));
      } else if (!(m instanceof SystemMessage)) {
        throw bad("tool messages are not served here: a process keeps its own tool calls");
      }
    }
    try {
      return new Request(r.modelName(), new Query(text, Query.DEFAULT_K, java.util.Map.of(), history), c.stream());
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  /** {@code GET /v1/models}: every deployed process as a model. */
  ObjectNode models(List<DeployedProcess> processes) {
    ObjectNode out = mapper.createObjectNode();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    for (DeployedProcess p : processes) {
      ObjectNode m = data.addObject();
      m.put("id", p.key());
      m.put("object", "model");
      m.put("created", p.deployedAt().getEpochSecond());
      m.put("owned_by", "caravan");
    }
    return out;
  }

  /** The whole reply to a request that does not stream. */
  ObjectNode completion(String id, long created, RagState result, String process) {
    ObjectNode out = head(id, "chat.completion", created, process);
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", text(result));
    choice.put("finish_reason", "stop");
    out.set("caravan", extension(result, process));
    return out;
  }

  /** The first chunk of a stream: the role. */
  ObjectNode roleChunk(String id, long created, String process) {
    ObjectNode c = head(id, "chat.completion.chunk", created, process);
    c.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("role", "assistant");
    return c;
  }

  /** A piece of the answer's text. */
  ObjectNode contentChunk(String id, long created, String process, String piece) {
    ObjectNode c = head(id, "chat.completion.chunk", created, process);
    c.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("content", piece);
    return c;
  }

  /** The last chunk: the finish reason and the extension. */
  ObjectNode finalChunk(String id, long created, RagState result, String process) {
    ObjectNode c = head(id, "chat.completion.chunk", created, process);
    c.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
    c.set("caravan", extension(result, process));
    return c;
  }

  static String text(RagState result) {
    return result.answer() == null ? "" : result.answer().text();
  }

  static String newId() {
    return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
  }

  /** {@code caravan}: what the JSON reply of {@code /v1/query} carries besides the answer's text. */
  private ObjectNode extension(RagState result, String process) {
    ObjectNode answer = json.answer(result, process);
    ObjectNode ext = mapper.createObjectNode();
    ext.put("id", result.id());
    ext.put("process", process);
    ext.set("citations", answer.get("citations"));
    ArrayNode passages = ext.putArray("passages");
    for (JsonNode p : answer.get("passages")) {
      ObjectNode ref = passages.addObject();
      ref.set("rank", p.get("rank"));
      ref.set("docId", p.get("docId"));
      ref.set("chunkId", p.get("chunkId"));
      ref.set("score", p.get("score"));
    }
    ext.set("trace", answer.get("trace"));
    return ext;
  }

  private ObjectNode head(String id, String object, long created, String model) {
    ObjectNode out = mapper.createObjectNode();
    out.put("id", id);
    out.put("object", object);
    out.put("created", created);
    out.put("model", model);
    return out;
  }

  private static ApiException bad(String message) {
    return new ApiException(400, "bad_request", message);
  }
}
