package io.caravan.connectors.generation;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The messages every chat-style generator sends for a grounded answer, whichever model runs them:
 *
 * <ol>
 *   <li>a system message: answer only from the numbered passages and cite them as [n];
 *   <li>the conversation so far ({@link Query#history()}), as user and assistant messages, so that
 *       follow-up questions ("and its population?") keep their meaning;
 *   <li>a user message with the passages, numbered from 1 in retrieval order with their titles, then
 *       the question.
 * </ol>
 *
 * With no passages at all (a policy chose not to retrieve), the model is asked to answer from the
 * conversation and what it knows, and to say when it does not know.
 */
public final class GroundedPrompt {

  public static final String INSTRUCTION =
      "You answer questions using only the numbered passages in the user's last message. After each"
          + " statement, cite the passages it comes from by their numbers in square brackets, like [1]"
          + " or [2][3]. If the passages do not contain the answer, say that they do not, and do not"
          + " use outside knowledge. Be brief.";

  public static final String NO_CONTEXT_INSTRUCTION =
      "No passages were retrieved for this question. Answer briefly from the conversation and what"
          + " you know, and say so plainly if you do not know.";

  private GroundedPrompt() {}

  /** The messages for {@code query} over {@code context} (which may be empty). */
  public static List<ChatMessage> messages(Query query, List<Candidate> context) {
    return messages(query, context, context.isEmpty() ? NO_CONTEXT_INSTRUCTION : INSTRUCTION);
  }

  /**
   * The same messages under another system instruction (a shorter one suits a small model). Turns
   * of the role {@code context} (a conversation's topic, as CANARD and the embedded rewriter carry
   * it: {@link Turn#CONTEXT}) are no one's words, so they join the system message rather than the
   * dialogue.
   */
  public static List<ChatMessage> messages(Query query, List<Candidate> context, String instruction) {
    List<ChatMessage> dialogue = new ArrayList<>(query.history().size() + 1);
    List<String> topics = new ArrayList<>();
    for (Turn turn : query.history()) {
      if (turn.text().isBlank()) {
        continue; // an empty turn says nothing, and chat APIs reject empty messages
      }
      switch (turn.role().strip().toLowerCase(Locale.ROOT)) {
        case "user" -> dialogue.add(UserMessage.from(turn.text()));
        case "assistant" -> dialogue.add(AiMessage.from(turn.text()));
        case Turn.CONTEXT -> topics.add(turn.text().strip());
        default -> throw new IllegalArgumentException(
            "history turn has role '" + turn.role() + "'; expected 'user', 'assistant' or '" + Turn.CONTEXT + "'");
      }
    }
    dialogue.add(UserMessage.from(userMessage(query, context)));
    List<ChatMessage> messages = new ArrayList<>(dialogue.size() + 1);
    messages.add(SystemMessage.from(topics.isEmpty() ? instruction : instruction + "\n\nThe conversation is about: " + String.join("; ", topics)));
    messages.addAll(dialogue);
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
}
