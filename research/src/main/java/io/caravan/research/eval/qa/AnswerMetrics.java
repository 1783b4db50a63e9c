package io.caravan.research.eval.qa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Exact match and token F1 exactly as the official SQuAD v1.1 {@code evaluate-v1.1.py} defines them.
 *
 * <p>Normalisation, in the script's order: lower-case; drop every character of Python's {@code
 * string.punctuation} (ASCII only, so "–" or "’" stay); replace the whole words a / an / the by a
 * space ({@code \b} word boundaries, Unicode-aware as in Python 3); split on whitespace and re-join
 * with single spaces. F1 counts common tokens as a multiset (Python's {@code Counter &}); when
 * nothing is in common it is 0, which also makes F1 of two empty strings 0 (v1.1 behaviour; the
 * v2.0 script would give 1). Against several gold answers both metrics take the maximum.
 *
 * <p>Cost: linear in the lengths of the strings, one small hash map per comparison.
 */
public final class AnswerMetrics {

  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);

  private AnswerMetrics() {}

  /** The SQuAD-normalised form of {@code s}: tokens joined by single spaces. */
  public static String normalize(String s) {
    Objects.requireNonNull(s, "text");
    String lower = s.toLowerCase(Locale.ROOT);
    StringBuilder noPunct = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (PUNCTUATION.indexOf(c) < 0) {
        noPunct.append(c);
      }
    }
    String noArticles = ARTICLES.matcher(noPunct).replaceAll(" ");
    return String.join(" ", whitespaceTokens(noArticles));
  }

  /** Normalised tokens of {@code s}. */
  public static List<String> tokens(String s) {
    return whitespaceTokens(normalize(s));
  }

  public static boolean exactMatch(String prediction, String gold) {
    return normalize(prediction).equals(normalize(gold));
  }

  public static double f1(String prediction, String gold) {
    List<String> pred = tokens(prediction);
    List<String> ref = tokens(gold);
    Map<String, Integer> refCounts = new HashMap<>();
    for (String t : ref) {
      refCounts.merge(t, 1, Integer::sum);
    }
    int same = 0;
    for (String t : pred) {
      Integer left = refCounts.get(t);
      if (left != null && left > 0) {
        refCounts.put(t, left - 1);
        same++;
      }
    }
    if (same == 0) {
      return 0;
    }
    double precision = same / (double) pred.size();
    double recall = same / (double) ref.size();
    return 2 * precision * recall / (precision + recall);
  }

  /** 1 if the prediction matches any gold answer after normalisation, else 0. */
  public static double exactMatch(String prediction, List<String> golds) {
    requireGolds(golds);
    for (String g : golds) {
      if (exactMatch(prediction, g)) {
        return 1;
      }
    }
    return 0;
  }

  /**
   * 1 if some gold answer, normalised, occurs in the normalised prediction as whole tokens, else 0:
   * the "accuracy" of Adaptive-RAG and Self-RAG, which a generator answering in a sentence can score
   * where exact match cannot ("Fat." and "The humps store fat [1]." both contain "fat"). A gold answer
   * that normalises to nothing never matches.
   */
  public static double containsAnswer(String prediction, List<String> golds) {
    requireGolds(golds);
    String text = " " + normalize(prediction) + " ";
    for (String g : golds) {
      String n = normalize(g);
      if (!n.isEmpty() && text.contains(" " + n + " ")) {
        return 1;
      }
    }
    return 0;
  }

  /** The best F1 over the gold answers. */
  public static double f1(String prediction, List<String> golds) {
    requireGolds(golds);
    double best = 0;
    for (String g : golds) {
      best = Math.max(best, f1(prediction, g));
    }
    return best;
  }

  /**
   * Python's {@code str.split()}: runs of whitespace separate tokens, no empty tokens. Python's
   * whitespace includes the no-break spaces that {@link Character#isWhitespace} leaves out, hence
   * both tests.
   */
  static List<String> whitespaceTokens(CharSequence s) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean space = Character.isWhitespace(c) || Character.isSpaceChar(c);
      if (space) {
        if (start >= 0) {
          out.add(s.subSequence(start, i).toString());
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) {
      out.add(s.subSequence(start, s.length()).toString());
    }
    return out;
  }

  private static void requireGolds(List<String> golds) {
    if (golds == null || golds.isEmpty()) {
      throw new IllegalArgumentException("at least one gold answer is required");
    }
  }
}
