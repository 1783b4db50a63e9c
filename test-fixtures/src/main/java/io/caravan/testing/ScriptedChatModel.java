package io.caravan.testing;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * TEST DOUBLE, not a language model: it stands in for an LLM chat service because none can run in
 * this build. It records every request LangChain4j hands it and answers from a script: a function
 * of the request number (0-based) and the request, so a test can reply to what the agent sent.
 * It implements {@link ChatModel#doChat}, so the real {@code ChatModel.chat} path runs in front.
 */
public final class ScriptedChatModel implements ChatModel {

  public interface Script {
    ChatResponse reply(int turn, ChatRequest request);
  }

  private final Script script;
  private final List<ChatRequest> requests = new ArrayList<>();

  public ScriptedChatModel(Script script) {
    this.script = script;
  }

  /** Replies in order; a request past the last reply fails the test. */
  public static ScriptedChatModel replying(ChatResponse... replies) {
    return new ScriptedChatModel(
        (turn, request) -> {
          if (turn >= replies.length) {
            throw new IllegalStateException("the test scripted no reply for request " + turn);
          }
          return replies[turn];
        });
  }

  public static ScriptedChatModel always(Function<ChatRequest, ChatResponse> reply) {
    return new ScriptedChatModel((turn, request) -> reply.apply(request));
  }

  @Override
  public synchronized ChatResponse doChat(ChatRequest request) {
    requests.add(request);
    return script.reply(requests.size() - 1, request);
  }

  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }
}
