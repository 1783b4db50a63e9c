package io.caravan.connectors.llama;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Chat messages as one ChatML prompt, the format of the models Caravan ships (Qwen2.5, SmolLM2):
 * {@code <|im_start|>role\ntext<|im_end|>\n} per message, then an open assistant turn. Written here
 * rather than by the model's own template because the llama.cpp binding in use does not apply
 * templates; {@link GgufFile#chatMl()} checks a model uses this one before it is loaded.
 *
 * <p>Tool calls and results are written as Qwen2.5's template writes them (the format the model
 * was trained on): an assistant's calls as {@code <tool_call>} blocks of {@code {"name", "arguments"}}
 * JSON, results as {@code <tool_response>} blocks in a user turn, consecutive results in one turn.
 */
final class ChatMlPrompt {

  static final String END = "<|im_end|>";
  static final String TOOL_CALL = "<tool_call>";
  static final String TOOL_CALL_END = "</tool_call>";
  private static final String START = "<|im_start|>";

  private ChatMlPrompt() {}

  static String of(List<ChatMessage> messages) {
    StringBuilder out = new StringBuilder();
    List<String> results = new ArrayList<>();
    for (ChatMessage m : messages) {
      if (m instanceof ToolExecutionResultMessage r) {
        results.add("<tool_response>\n" + r.text() + "\n</tool_response>");
        continue;
      }
      flushResults(out, results);
      if (m instanceof SystemMessage s) {
        turn(out, "system", s.text());
      } else if (m instanceof UserMessage u) {
        turn(out, "user", u.singleText());
      } else if (m instanceof AiMessage a) {
        turn(out, "assistant", assistant(a));
      } else {
        throw new IllegalArgumentException("cannot write a " + m.type() + " message into a ChatML prompt");
      }
    }
    flushResults(out, results);
    return out.append(START).append("assistant\n").toString();
  }

  /** One tool call as the model writes it. */
  static String toolCall(ToolExecutionRequest r) {
    String args = r.arguments() == null || r.arguments().isBlank() ? "{}" : r.arguments();
    return TOOL_CALL + "\n{\"name\": \"" + r.name().replace("\\", "\\\\").replace("\"", "\\\"") + "\", \"arguments\": " + args + "}\n" + TOOL_CALL_END;
  }

  private static String assistant(AiMessage a) {
    List<String> parts = new ArrayList<>();
    if (a.text() != null && !a.text().isBlank()) {
      parts.add(a.text());
    }
    if (a.hasToolExecutionRequests()) {
      a.toolExecutionRequests().forEach(r -> parts.add(toolCall(r)));
    }
    return String.join("\n", parts);
  }

  private static void flushResults(StringBuilder out, List<String> results) {
    if (!results.isEmpty()) {
      turn(out, "user", String.join("\n", results));
      results.clear();
    }
  }

  private static void turn(StringBuilder out, String role, String text) {
    // a message cannot close its own turn and open another: the markers are special tokens only here
    String safe = text.replace(START, "<| im_start |>").replace(END, "<| im_end |>");
    out.append(START).append(role).append('\n').append(safe).append(END).append('\n');
  }
}
