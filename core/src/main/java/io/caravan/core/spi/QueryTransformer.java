package io.caravan.core.spi;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import java.util.List;

/**
 * Turns a query into the queries to retrieve for (LangChain4j's {@code QueryTransformer}): a
 * follow-up made self-contained (one query), a question split into parts (several), a query
 * expanded with borrowed words, the next round of a loop. Every rewrite, split and expansion is
 * one of these, and the steps that apply them take this interface.
 *
 * <p>{@code state} is the context: the conversation is on the query, and what a transformation
 * needs besides (a policy's decision, the candidates a first pass found, a loop's notes, features
 * a step computed) is in the state. An LLM implementation does I/O; an embedded one is pure.
 */
public interface QueryTransformer {

  /** Stable name for the trace ({@code embedded}, {@code rules}, {@code chat}). */
  String name();

  /**
   * The queries to use instead of {@code query}, best first; {@code List.of(query)} when there is
   * nothing to change. A blank or empty answer means the same: the caller keeps {@code query}.
   */
  List<Query> transform(Query query, RagState state);
}
