package io.caravan.policies.rewrite;

import io.caravan.core.Query;

/**
 * Turns a follow-up question and its conversation into a question that stands on its own. The
 * embedded {@link ConversationalRewriter} is one; an LLM rewriter (connectors/generation) is
 * another, adapted to this interface where the application wires them.
 */
public interface QueryRewriter {

  String name();

  /** The self-contained question; the question itself when there is nothing to resolve. */
  String rewrite(Query query);
}
