package io.caravan.core.document;

import io.caravan.core.Passage;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a document into chunks of whole sentences, up to {@code maxChars} each, with the last
 * {@code overlapSentences} sentences of one chunk repeated at the start of the next so that an
 * answer spanning a boundary is still found whole. A single sentence longer than {@code maxChars}
 * is cut at word boundaries. Each passage keeps the document's title and its character offsets in
 * the document text.
 *
 * <p>Cost: one pass of {@link SentenceSpans} over the text; no model involved.
 */
public final class SentenceChunker {

  private final int maxChars;
  private final int overlapSentences;

  public SentenceChunker(int maxChars, int overlapSentences) {
    if (maxChars < 50) {
      throw new IllegalArgumentException("maxChars must be at least 50, was " + maxChars);
    }
    if (overlapSentences < 0) {
      throw new IllegalArgumentException("overlapSentences must not be negative");
    }
    this.maxChars = maxChars;
    this.overlapSentences = overlapSentences;
  }

  /** Defaults sized for all-MiniLM-L6-v2, whose 256-token window holds about 1,000 characters of English. */
  public static SentenceChunker defaults() {
    return new SentenceChunker(1000, 1);
  }

  public List<Passage> chunk(Document doc) {
    List<SentenceSpans.Span> sentences = SentenceSpans.of(doc.text(), maxChars);
    List<Passage> out = new ArrayList<>();
    int i = 0;
    while (i < sentences.size()) {
      int first = i;
      int start = sentences.get(i).start();
      int end = sentences.get(i).end();
      i++;
      while (i < sentences.size() && sentences.get(i).end() - start <= maxChars) {
        end = sentences.get(i).end();
        i++;
      }
      out.add(passage(doc, out.size(), start, end));
      if (i < sentences.size()) {
        // step back for overlap, but always make progress past the chunk's first sentence
        i = Math.max(first + 1, i - overlapSentences);
      }
    }
    if (out.isEmpty() && !doc.title().isBlank()) {
      out.add(passage(doc, 0, 0, 0)); // a title-only document is still findable by its title
    }
    return out;
  }

  private Passage passage(Document doc, int ordinal, int start, int end) {
    return new Passage(
        doc.id() + "#" + ordinal,
        doc.id(),
        doc.title(),
        doc.text().substring(start, end),
        start,
        end,
        doc.metadata());
  }
}
