package io.caravan.connectors.generation;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.Turn;
import io.caravan.core.spi.QueryTransformer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * LLM conversational rewriting (the LLM path of AdaQR-style rewriting): one chat call with the
 * conversation written out as a transcript and the instruction to return only the follow-up
 * question made self-contained. Without history the question is returned as asked, without a call.
 * The reply's first line, stripped of quotes and a "Rewrite:" label, is the rewrite; an empty reply
 * keeps the question. Failures come back as {@link ChatModelException}. Cost: one chat call.
 */
public final class ChatModelRewriter implements QueryTransformer {

  public static final String NAME = "chat";

  static final String INSTRUCTION =
      "Rewrite the user's last question so that it can be understood without the conversation:"
          + " replace pronouns and vague references with what they refer to, and add what the question"
          + " leaves out. Keep the wording otherwise. If it is already self-contained, return it"
          + " unchanged. Reply with the rewritten question only.";

  private final ChatModel chatModel;
  private final String description;

  public ChatModelRewriter(ChatModel chatModel, String description) {
    this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
    this.description = Objects.requireNonNull(description, "description");
  }

  public static ChatModelRewriter of(ChatModelSettings settings) {
    return new ChatModelRewriter(settings.buildChatModel(), settings.describe());
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The rewrite as the one query to retrieve for. */
  @Override
  public List<Query> transform(Query query, RagState state) {
    return List.of(query.withText(rewrite(query)));
  }

  public String rewrite(Query query) {
    if (query.history().isEmpty()) {
      return query.text();
    }
    StringBuilder transcript = new StringBuilder("Conversation:\n");
    for (Turn t : query.history()) {
      if (!t.text().isBlank()) {
        transcript.append(t.role().strip()).append(": ").append(t.text().strip()).append('\n');
      }
    }
    transcript.append("\nLast question: ").append(query.text().strip());
    String reply = ChatCalls.reply(chatModel, description, ChatRequest.builder()
        .messages(SystemMessage.from(INSTRUCTION), UserMessage.from(transcript.toString()))
        .build());
    String line = ChatCalls.firstLine(reply).replaceFirst("(?i)^(rewrite|rewritten question|question)\\s*:\\s*", "");
    line = ChatCalls.unquote(line);
    return line.isBlank() ? query.text() : line;
  }

  @Override
  public String toString() {
    return "ChatModelRewriter(" + description + ")";
  }

  /** The chat call this package's LLM tools make: a response, or a {@link ChatModelException} naming the model. */
  static final class ChatCalls {
    private ChatCalls() {}

    /** The model's response; a failed call is a {@link ChatModelException} with the model's description and how long the call took. */
    static ChatResponse call(ChatModel model, String description, ChatRequest request) {
      long t0 = System.nanoTime();
      try {
        return model.chat(request);
      } catch (RuntimeException e) {
        throw new ChatModelException(description, Duration.ofNanos(System.nanoTime() - t0), e);
      }
    }

    /** The reply's text, stripped; empty when the model answered no text. */
    static String reply(ChatModel model, String description, ChatRequest request) {
      AiMessage m = call(model, description, request).aiMessage();
      return m == null || m.text() == null ? "" : m.text().strip();
    }

    static String firstLine(String text) {
      for (String line : text.split("\\R")) {
        if (!line.isBlank()) {
          return line.strip();
        }
      }
      return "";
    }

    static String unquote(String s) {
      String t = s.strip();
      while (t.length() >= 2 && "\"'`“”".indexOf(t.charAt(0)) >= 0 && "\"'`“”".indexOf(t.charAt(t.length() - 1)) >= 0) {
        t = t.substring(1, t.length() - 1).strip();
      }
      return t;
    }
  }
}
