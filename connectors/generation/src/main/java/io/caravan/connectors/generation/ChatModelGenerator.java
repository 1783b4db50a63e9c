package io.caravan.connectors.generation;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.LogProb;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Query;
import io.caravan.core.spi.Generator;
import java.util.List;
import java.util.Objects;

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
 * passage in its document ({@link CitedText}); numbers outside the context are removed from the text
 * and counted in the answer's {@link AnswerSignals}. A reply that cites nothing is attributed to the
 * passages that support it, and every answer's support share is checked ({@link AnswerSupport}). With no passages at all (a
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

  static final String INSTRUCTION = GroundedPrompt.INSTRUCTION;

  private final ChatModel chatModel;
  private final String description;
  private final AnswerSupport support = new AnswerSupport();

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
    return support.ground(text, context, confidence(response), NAME, AnswerSignals.NONE);
  }

  static List<ChatMessage> messages(Query query, List<Candidate> context) {
    return GroundedPrompt.messages(query, context);
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
