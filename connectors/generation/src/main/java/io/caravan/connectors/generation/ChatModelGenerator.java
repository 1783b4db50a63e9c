package io.caravan.connectors.generation;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.LogProb;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.Turn;
import io.caravan.core.spi.Generator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers with any LangChain4j {@link ChatModel} (an OpenAI-compatible server through {@link
 * ChatModelSettings}, or any other provider). One request per query:
 *
 * <ol>
 *   <li>a system message: answer only from the numbered passages and cite them as [n];
 *   <li>the conversation so far ({@link Query#history()}), as user and assistant messages, so that
 *       follow-up questions ("and its population?") keep their meaning;
 *   <li>a user message with the passages, numbered from 1 in retrieval order with their titles, then
 *       the question.
 * </ol>
 *
 * Markers [n] (also [1, 2]) in the reply become {@link Citation}s of passage n, spanning the whole
 * passage in its document; numbers outside the context are ignored. With no passages at all (a
 * policy chose not to retrieve), the model is asked to answer from the conversation and what it
 * knows, and to say when it does not know; such an answer cites nothing.
 *
 * <p>Confidence is the geometric mean of the reply's token probabilities, {@code exp(mean
 * logprob)}, when the response carries log-probabilities (OpenAI-compatible servers do when the
 * model is built with {@code logprobs(true)}); {@link Double#NaN} otherwise. Token usage is in the
 * response but {@link Answer} has no field for it, so it is not passed on.
 *
 * <p>Cost: one chat call, seconds for a local 7-8B model; the prompt grows with the context size.
 * Failures come back as {@link ChatModelException} naming the model and the cause.
 */
public final class ChatModelGenerator implements Generator {

  public static final String NAME = "chat";

  static final String INSTRUCTION =
      "You answer questions using only the numbered passages in the user's last message. After each"
          + " statement, cite the passages it comes from by their numbers in square brackets, like [1]"
          + " or [2][3]. If the passages do not contain the answer, say that they do not, and do not"
          + " use outside knowledge. Be brief.";

  static final String NO_CONTEXT_INSTRUCTION =
      "No passages were retrieved for this question. Answer briefly from the conversation and what"
          + " you know, and say so plainly if you do not know.";

  private static final Pattern MARKER = Pattern.compile("\\[\\s*(\\d{1,4}(?:\\s*[,;]\\s*\\d{1,4})*)\\s*\\]");
  private static final Pattern SEPARATOR = Pattern.compile("\\s*[,;]\\s*");

  private final ChatModel chatModel;
  private final String description;

  /**
   * @param description how messages name the model (e.g. {@code "llama3.1 at http://gpu:8000/v1"});
   *     must not contain secrets
   */
  public ChatModelGenerator(ChatModel chatModel, String description) {
    this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
    this.description = Objects.requireNonNull(description, "description");
  }

  /** A generator over an OpenAI-compatible server. */
  public static ChatModelGenerator of(ChatModelSettings settings) {
    return new ChatModelGenerator(settings.buildChatModel(), settings.describe());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Answer generate(Query query, List<Candidate> context) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(context, "context");
    ChatRequest request = ChatRequest.builder().messages(messages(query, context)).build();
    ChatResponse response = ChatModelRewriter.ChatCalls.call(chatModel, description, request);
    AiMessage reply = response.aiMessage();
    String text = reply == null ? null : reply.text();
    if (text == null || text.isBlank()) {
      return Answer.noAnswer(
          NAME,
          "The chat model " + description + " gave an empty reply (finish reason: " + response.finishReason() + ").");
    }
    text = text.strip();
    return new Answer(text, citations(text, context), confidence(response), NAME);
  }

  static List<ChatMessage> messages(Query query, List<Candidate> context) {
    List<ChatMessage> messages = new ArrayList<>(query.history().size() + 2);
    messages.add(SystemMessage.from(context.isEmpty() ? NO_CONTEXT_INSTRUCTION : INSTRUCTION));
    for (Turn turn : query.history()) {
      if (turn.text().isBlank()) {
        continue; // an empty turn says nothing, and chat APIs reject empty messages
      }
      switch (turn.role().strip().toLowerCase(Locale.ROOT)) {
        case "user" -> messages.add(UserMessage.from(turn.text()));
        case "assistant" -> messages.add(AiMessage.from(turn.text()));
        default -> throw new IllegalArgumentException(
            "history turn has role '" + turn.role() + "'; expected 'user' or 'assistant'");
      }
    }
    messages.add(UserMessage.from(userMessage(query, context)));
    return messages;
  }

  private static String userMessage(Query query, List<Candidate> context) {
    if (context.isEmpty()) {
      return query.text();
    }
    StringBuilder out = new StringBuilder("Passages:\n");
    for (int i = 0; i < context.size(); i++) {
      Passage p = context.get(i).passage();
      out.append("\n[").append(i + 1).append("] ");
      if (!p.title().isBlank()) {
        out.append(p.title().strip()).append('\n');
      }
      out.append(p.text().strip()).append('\n');
    }
    return out.append("\nQuestion: ").append(query.text().strip()).toString();
  }

  /** Passages cited by [n] markers, in order of first mention; unknown numbers are ignored. */
  static List<Citation> citations(String reply, List<Candidate> context) {
    Set<Integer> cited = new LinkedHashSet<>();
    Matcher m = MARKER.matcher(reply);
    while (m.find()) {
      for (String number : SEPARATOR.split(m.group(1))) {
        int n = Integer.parseInt(number);
        if (n >= 1 && n <= context.size()) {
          cited.add(n);
        }
      }
    }
    List<Citation> out = new ArrayList<>(cited.size());
    for (int n : cited) {
      Passage p = context.get(n - 1).passage();
      out.add(new Citation(p.docId(), p.chunkId(), p.title(), p.start(), p.end(), p.text()));
    }
    return out;
  }

  private static double confidence(ChatResponse response) {
    if (!(response.metadata() instanceof OpenAiChatResponseMetadata meta) || meta.logProbs() == null) {
      return Double.NaN;
    }
    double sum = 0;
    int n = 0;
    for (LogProb lp : meta.logProbs()) {
      if (lp.logprob() != null && Double.isFinite(lp.logprob())) {
        sum += lp.logprob();
        n++;
      }
    }
    return n == 0 ? Double.NaN : Math.exp(sum / n);
  }

  @Override
  public String toString() {
    return "ChatModelGenerator(" + description + ")";
  }
}
