package io.caravan.connectors.generation;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.QueryTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * LLM query decomposition (ACQO's splitter when a chat model is configured): one chat call asking
 * for the sub-questions one per line. List markers ("1.", "-", "*") are removed; at most {@code
 * maxParts} lines are kept; a reply with no usable line gives the question itself (a list of one),
 * so retrieval goes on undecomposed. Failures come back as {@link ChatModelException}.
 */
public final class ChatModelSplitter implements QueryTransformer {

  public static final String NAME = "chat";

  static final String INSTRUCTION =
      "Split the question into the simpler questions that must each be looked up to answer it, for"
          + " example one per compared entity or one per condition. Write one question per line and"
          + " nothing else. If the question cannot be split, repeat it on one line.";

  /**
   * One worked example, sent as an earlier exchange: without it Qwen2.5 0.5B repeated every
   * comparison it was asked to split, and large models lose nothing by it.
   */
  static final String EXAMPLE_QUESTION = "Which is taller, the Eiffel Tower or Big Ben?";

  static final String EXAMPLE_SPLIT = "How tall is the Eiffel Tower?\nHow tall is Big Ben?";

  private final ChatModel chatModel;
  private final String description;
  private final int maxParts;

  public ChatModelSplitter(ChatModel chatModel, String description, int maxParts) {
    this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
    this.description = Objects.requireNonNull(description, "description");
    if (maxParts < 1) {
      throw new IllegalArgumentException("maxParts must be positive, was " + maxParts);
    }
    this.maxParts = maxParts;
  }

  public static ChatModelSplitter of(ChatModelSettings settings, int maxParts) {
    return new ChatModelSplitter(settings.buildChatModel(), settings.describe(), maxParts);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The sub-questions as queries with {@code query}'s k, filters and history. */
  @Override
  public List<Query> transform(Query query, RagState state) {
    return split(query.text()).stream().map(query::withText).toList();
  }

  public List<String> split(String question) {
    String reply = ChatModelRewriter.ChatCalls.reply(chatModel, description, ChatRequest.builder()
        .messages(SystemMessage.from(INSTRUCTION), UserMessage.from(EXAMPLE_QUESTION), AiMessage.from(EXAMPLE_SPLIT), UserMessage.from(question.strip()))
        .build());
    List<String> parts = new ArrayList<>();
    for (String line : reply.split("\\R")) {
      String p = ChatModelRewriter.ChatCalls.unquote(line.strip().replaceFirst("^(\\d+[.)]|[-*•])\\s*", ""));
      if (!p.isBlank() && !parts.contains(p) && parts.size() < maxParts) {
        parts.add(p);
      }
    }
    return parts.isEmpty() ? List.of(question.strip()) : List.copyOf(parts);
  }

  @Override
  public String toString() {
    return "ChatModelSplitter(" + description + ", maxParts=" + maxParts + ")";
  }
}
