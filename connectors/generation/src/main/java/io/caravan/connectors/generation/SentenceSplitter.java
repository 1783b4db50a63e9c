package io.caravan.connectors.generation;

import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.document.SentenceSpans;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts the context passages into sentences with {@link SentenceSpans} (JDK sentence rules in the
 * root locale know the full stops of Latin, CJK, Arabic and Indic scripts). A "sentence" longer
 * than {@code maxChars} (a table, a list, text without punctuation) is cut at white space into
 * pieces of at most that length, so a quote stays readable however long the passage is.
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
    for (int rank = 0; rank < context.size(); rank++) {
      Passage p = context.get(rank).passage();
      String text = p.text();
      for (SentenceSpans.Span span : SentenceSpans.of(text, maxChars)) {
        String sentence = text.substring(span.start(), span.end());
        if (seen.add(sentence.replaceAll("\\s+", " "))) {
          out.add(new ContextSentence(p, rank, p.start() + span.start(), p.start() + span.end(), sentence));
        }
      }
    }
    return out;
  }
}
