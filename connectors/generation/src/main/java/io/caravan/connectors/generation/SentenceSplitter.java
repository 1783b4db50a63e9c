package io.caravan.connectors.generation;

import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts the context passages into sentences with {@link BreakIterator} (root locale: its rules know
 * the full stops of Latin, CJK, Arabic and Indic scripts). A "sentence" longer than {@code
 * maxChars} (a table, a list, text without punctuation) is cut at white space into pieces of at most
 * that length, so a quote stays readable however long the passage is.
 *
 * <p>Overlapping chunks repeat sentences; each sentence is kept once, from the best-ranked passage
 * that holds it (the same text at another place, or in another document, counts as a repeat too:
 * quoting it twice would add nothing).
 *
 * <p>Cost: one pass over each passage's text.
 */
final class SentenceSplitter {

  private final int maxChars;

  SentenceSplitter(int maxChars) {
    if (maxChars < 20) {
      throw new IllegalArgumentException("maxChars must be at least 20, was " + maxChars);
    }
    this.maxChars = maxChars;
  }

  List<ContextSentence> split(List<Candidate> context) {
    List<ContextSentence> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    for (int rank = 0; rank < context.size(); rank++) {
      Passage p = context.get(rank).passage();
      String text = p.text();
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
        for (int[] span : pieces(text, a, b)) {
          String sentence = text.substring(span[0], span[1]);
          if (seen.add(sentence.replaceAll("\\s+", " "))) {
            out.add(new ContextSentence(p, rank, p.start() + span[0], p.start() + span[1], sentence));
          }
        }
      }
    }
    return out;
  }

  private List<int[]> pieces(String text, int a, int b) {
    List<int[]> spans = new ArrayList<>(1);
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
      spans.add(new int[] {a, end});
      a = cut;
      while (a < b && Character.isWhitespace(text.charAt(a))) {
        a++;
      }
    }
    if (a < b) {
      spans.add(new int[] {a, b});
    }
    return spans;
  }
}
