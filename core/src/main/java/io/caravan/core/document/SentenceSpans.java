package io.caravan.core.document;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sentence boundaries of a text as character spans, whitespace trimmed, with any sentence longer
 * than {@code maxChars} cut at a word boundary in its second half (or, failing one, at {@code
 * maxChars}, never inside a surrogate pair). Chunking and extractive answering both split this way,
 * so a cited sentence always lines up with chunk boundaries.
 *
 * <p>Cost: one pass of {@link BreakIterator} (JDK sentence rules, locale-neutral).
 */
public final class SentenceSpans {

  /** A sentence: {@code text.substring(start, end)}. */
  public record Span(int start, int end) {}

  private SentenceSpans() {}

  public static List<Span> of(String text, int maxChars) {
    if (maxChars < 2) {
      throw new IllegalArgumentException("maxChars must be at least 2, was " + maxChars);
    }
    List<Span> spans = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(text);
    int s = it.first();
    for (int e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
      int a = s;
      int b = e;
      while (a < b && Character.isWhitespace(text.charAt(a))) {
        a++;
      }
      while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
        b--;
      }
      if (a < b) {
        cut(text, a, b, maxChars, spans);
      }
    }
    return spans;
  }

  private static void cut(String text, int a, int b, int maxChars, List<Span> spans) {
    while (b - a > maxChars) {
      int cut = a + maxChars;
      int space = cut;
      while (space > a + maxChars / 2 && !Character.isWhitespace(text.charAt(space))) {
        space--;
      }
      if (Character.isWhitespace(text.charAt(space))) {
        cut = space;
      } else if (Character.isLowSurrogate(text.charAt(cut))) {
        cut--; // never split a character outside the Basic Multilingual Plane in two
      }
      int end = cut;
      while (end > a && Character.isWhitespace(text.charAt(end - 1))) {
        end--;
      }
      spans.add(new Span(a, end));
      a = cut;
      while (a < b && Character.isWhitespace(text.charAt(a))) {
        a++;
      }
    }
    if (a < b) {
      spans.add(new Span(a, b));
    }
  }
}
