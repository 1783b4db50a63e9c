package io.caravan.connectors.lucene;

import org.apache.lucene.search.similarities.BM25Similarity;

/**
 * BM25 parameters. {@link #ANSERINI} holds Anserini's BEIR settings, k1 = 0.9 and b = 0.4, with
 * Lucene's default of not counting overlapping tokens in document length; together with {@link
 * AnseriniEnglishAnalyzer} and a body of title + text they reproduce Anserini's BEIR "flat" runs.
 *
 * <p>Only search uses k1 and b (the index stores lengths, not BM25 values), so an index can be
 * searched with other settings without reindexing.
 */
public record Bm25Settings(float k1, float b) {

  public static final Bm25Settings ANSERINI = new Bm25Settings(0.9f, 0.4f);

  public Bm25Settings {
    if (!(k1 >= 0) || Float.isInfinite(k1)) {
      throw new IllegalArgumentException("k1 must be finite and >= 0, was " + k1);
    }
    if (!(b >= 0 && b <= 1)) {
      throw new IllegalArgumentException("b must be in [0, 1], was " + b);
    }
  }

  public BM25Similarity similarity() {
    return new BM25Similarity(k1, b);
  }
}
