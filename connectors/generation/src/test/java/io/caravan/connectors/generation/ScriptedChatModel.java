package io.caravan.connectors.generation;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * TEST DOUBLE, not a language model: it stands in for an LLM chat service because none can run in
 * this build. It records every request LangChain4j hands it and answers with the replies it was
 * scripted with, in order. It implements {@link ChatModel#doChat}, so the real {@code
 * ChatModel.chat} path (parameter merging, listeners) still runs in front of it.
 */
final class ScriptedChatModel implements ChatModel {

  private final Deque<ChatResponse> replies;
  private final List<ChatRequest> requests = new ArrayList<>();

  ScriptedChatModel(ChatResponse... replies) {
    this.replies = new ArrayDeque<>(List.of(replies));
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    requests.add(request);
    if (replies.isEmpty()) {
      throw new IllegalStateException("the test scripted no further reply");
    }
    return replies.removeFirst();
  }

  List<ChatRequest> requests() {
    return requests;
  }
}
