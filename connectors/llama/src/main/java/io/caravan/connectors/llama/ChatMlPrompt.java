package io.caravan.connectors.llama;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;

/**
 * Chat messages as one ChatML prompt, the format of the models Caravan ships (Qwen2.5, SmolLM2):
 * {@code <|im_start|>role\ntext<|im_end|>\n} per message, then an open assistant turn. Written here
 * rather than by the model's own template because the llama.cpp binding in use does not apply
 * templates; {@link GgufFile#chatMl()} checks a model uses this one before it is loaded.
 */
final class ChatMlPrompt {

  static final String END = "<|im_end|>";
  private static final String START = "<|im_start|>";

  private ChatMlPrompt() {}

  static String of(List<ChatMessage> messages) {
    StringBuilder out = new StringBuilder();
    for (ChatMessage m : messages) {
      if (m instanceof SystemMessage s) {
        turn(out, "system", s.text());
      } else if (m instanceof UserMessage u) {
        turn(out, "user", u.singleText());
      } else if (m instanceof AiMessage a) {
        String text = a.text() != null ? a.text() : a.hasToolExecutionRequests() ? a.toolExecutionRequests().toString() : "";
        turn(out, "assistant", text);
      } else if (m instanceof ToolExecutionResultMessage r) {
        turn(out, "user", "Result of tool " + r.toolName() + ": " + r.text());
      } else {
        throw new IllegalArgumentException("cannot write a " + m.type() + " message into a ChatML prompt");
      }
    }
    return out.append(START).append("assistant\n").toString();
  }

  private static void turn(StringBuilder out, String role, String text) {
    // a message cannot close its own turn and open another: the markers are special tokens only here
    String safe = text.replace(START, "<| im_start |>").replace(END, "<| im_end |>");
    out.append(START).append(role).append('\n').append(safe).append(END).append('\n');
  }
}
