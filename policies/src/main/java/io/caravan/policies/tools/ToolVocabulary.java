package io.caravan.policies.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The language tools speak: how many tool descriptions use each term. Built from the registered
 * tools' descriptions only (never from queries or their labels), it is what tells a query written
 * in user language ("will it rain in Oslo") from one written in tool language ("weather forecast
 * city"), and what weighs the terms a rewrite borrows from tool descriptions.
 *
 * <p>Terms are lower-cased letter-or-digit runs of two or more characters, English stop words
 * removed; no stemming here, the index's analyzer stems whatever text the rewrite produces.
 */
public record ToolVocabulary(Map<String, Integer> documentFrequency, int toolCount) {

  public static final ToolVocabulary EMPTY = new ToolVocabulary(Map.of(), 0);

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "how", "i", "if",
          "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "please", "such", "that",
          "the", "their", "then", "there", "these", "they", "this", "to", "us", "was", "we", "what", "when", "where",
          "which", "who", "will", "with", "would", "you", "your", "i'm", "want", "need", "some", "any", "also", "about",
          "get", "like", "could", "should", "has", "have", "had", "been", "so", "than", "too", "very", "just", "all");

  public ToolVocabulary {
    if (toolCount < 0) {
      throw new IllegalArgumentException("toolCount must not be negative, was " + toolCount);
    }
    documentFrequency = Map.copyOf(documentFrequency == null ? Map.of() : documentFrequency);
  }

  /** Counts, for every term, the descriptions that use it. Cost: one pass over all the text. */
  public static ToolVocabulary of(List<String> descriptions) {
    Map<String, Integer> df = new HashMap<>();
    for (String d : descriptions) {
      for (String t : new LinkedHashSet<>(terms(d))) {
        df.merge(t, 1, Integer::sum);
      }
    }
    return new ToolVocabulary(df, descriptions.size());
  }

  /** The content terms of a text, in order, repeats kept (term frequency counts them). */
  public static List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i <= lower.length(); i++) {
      char c = i < lower.length() ? lower.charAt(i) : ' ';
      if (Character.isLetterOrDigit(c)) {
        cur.append(c);
      } else {
        if (cur.length() >= 2 && !STOP_WORDS.contains(cur.toString())) {
          out.add(cur.toString());
        }
        cur.setLength(0);
      }
    }
    return Collections.unmodifiableList(out);
  }

  public int documentFrequency(String term) {
    return documentFrequency.getOrDefault(term, 0);
  }

  public boolean knows(String term) {
    return documentFrequency.containsKey(term);
  }

  /** BM25's idf, never negative: rare tool terms weigh more than terms every tool uses. */
  public double idf(String term) {
    double df = documentFrequency(term);
    return Math.log(1 + (toolCount - df + 0.5) / (df + 0.5));
  }

  /** Share of the query's distinct content terms that no tool description uses (0 when it has none). */
  public double unknownShare(String query) {
    Set<String> distinct = new LinkedHashSet<>(terms(query));
    if (distinct.isEmpty()) {
      return 0;
    }
    long unknown = distinct.stream().filter(t -> !knows(t)).count();
    return unknown / (double) distinct.size();
  }
}
