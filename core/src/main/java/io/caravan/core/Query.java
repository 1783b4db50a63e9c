package io.caravan.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a user asked: the question, how many passages they want back, exact-match metadata filters
 * (field to value, all must hold) and the conversation so far, oldest turn first.
 *
 * <p>Validated here because every entry point (HTTP, CLI, BPMN variables) builds one.
 */
public record Query(String text, int k, Map<String, String> filters, List<Turn> history) {

  public static final int DEFAULT_K = 10;
  public static final int MAX_K = 1000;

  public Query {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("query text must not be blank");
    }
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", was " + k);
    }
    filters = Map.copyOf(filters == null ? Map.of() : filters);
    history = List.copyOf(history == null ? List.of() : history);
  }

  public static Query of(String text) {
    return new Query(text, DEFAULT_K, Map.of(), List.of());
  }

  public static Query of(String text, int k) {
    return new Query(text, k, Map.of(), List.of());
  }

  public Query withText(String newText) {
    return new Query(newText, k, filters, history);
  }

  public Query withK(int newK) {
    return new Query(text, newK, filters, history);
  }
}
