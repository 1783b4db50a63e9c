package io.caravan.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a user asked: the question, how many passages they want back, exact-match metadata filters
 * (field to value, all must hold), the conversation so far, oldest turn first, and whose documents
 * the asker may see ({@link Access}: set from the authenticated caller, never from a request's
 * body; every retriever and index search honours it). A rewritten query keeps its access.
 *
 * <p>Validated here because every entry point (HTTP, CLI, BPMN variables) builds one.
 */
public record Query(String text, int k, Map<String, String> filters, List<Turn> history, Access access) {

  public static final int DEFAULT_K = 10;
  public static final int MAX_K = 1000;
  /** Filters are FILTER clauses of one Lucene query; a question needs a handful, and Lucene stops at 1024 clauses. */
  public static final int MAX_FILTERS = 64;

  public Query {
    checkText(text);
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", was " + k);
    }
    filters = Map.copyOf(filters == null ? Map.of() : filters);
    if (filters.size() > MAX_FILTERS) {
      throw new IllegalArgumentException("at most " + MAX_FILTERS + " filters are allowed, got " + filters.size());
    }
    history = List.copyOf(history == null ? List.of() : history);
    Objects.requireNonNull(access, "access");
  }

  /** A query of the default tenant with no access-list checks ({@link Access#UNRESTRICTED}). */
  public Query(String text, int k, Map<String, String> filters, List<Turn> history) {
    this(text, k, filters, history, Access.UNRESTRICTED);
  }

  /**
   * The check every question passes: not blank, valid Unicode (no unpaired surrogate), and at least
   * one character an encoder reads ({@link UnicodeText#hasVisibleCharacter}). A question of
   * no-break spaces, zero-width spaces or byte order marks is not blank to Java yet leaves the
   * encoder nothing to encode.
   *
   * @throws IllegalArgumentException saying which rule the text breaks
   */
  public static void checkText(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("query text must not be blank");
    }
    OptionalInt surrogate = UnicodeText.loneSurrogate(text);
    if (surrogate.isPresent()) {
      throw new IllegalArgumentException("query text is not valid Unicode: an unpaired surrogate "
          + UnicodeText.codeUnit(text, surrogate.getAsInt()) + " at character " + surrogate.getAsInt());
    }
    if (!UnicodeText.hasVisibleCharacter(text)) {
      throw new IllegalArgumentException(
          "query text has no visible character: only white space, control or format characters (such as U+00A0, U+200B, U+FEFF)");
    }
  }

  public static Query of(String text) {
    return new Query(text, DEFAULT_K, Map.of(), List.of());
  }

  public static Query of(String text, int k) {
    return new Query(text, k, Map.of(), List.of());
  }

  public Query withText(String newText) {
    return new Query(newText, k, filters, history, access);
  }

  public Query withK(int newK) {
    return new Query(text, newK, filters, history, access);
  }

  /** This query asked by a caller with {@code newAccess}. */
  public Query withAccess(Access newAccess) {
    return new Query(text, k, filters, history, newAccess);
  }
}
