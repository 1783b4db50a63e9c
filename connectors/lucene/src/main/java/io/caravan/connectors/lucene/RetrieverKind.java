package io.caravan.connectors.lucene;

import io.caravan.core.fusion.RankFusion;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Retriever;
import java.util.Arrays;
import java.util.Locale;

/**
 * The first-stage retrievers over a {@link LuceneIndex}, by the name settings use: the one place
 * where {@code bm25}, {@code dense} and {@code hybrid} become retrievers, for documents and tools
 * alike.
 */
public enum RetrieverKind {
  BM25,
  DENSE,
  HYBRID;

  /** The kind named {@code name} (any case), or an error that lists the known names. */
  public static RetrieverKind parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown retriever '" + name + "'; known: " + Arrays.stream(values()).map(RetrieverKind::settingName).toList(), e);
    }
  }

  /** The name settings use. */
  public String settingName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this kind ranks by BM25 (alone or fused). */
  public boolean usesBm25() {
    return this != DENSE;
  }

  /** Whether this kind ranks by vectors (alone or fused). */
  public boolean usesVectors() {
    return this != BM25;
  }

  /**
   * The retriever of this kind; {@code fusion} and {@code candidateDepth} matter to {@link #HYBRID}
   * only, which fuses the BM25 and dense lists at that depth each.
   */
  public Retriever create(LuceneIndex index, Encoder queryEncoder, RankFusion fusion, int candidateDepth) {
    return switch (this) {
      case BM25 -> new Bm25Retriever(index);
      case DENSE -> new VectorRetriever(index, queryEncoder);
      case HYBRID -> HybridRetriever.bm25AndDense(index, queryEncoder, fusion, candidateDepth);
    };
  }
}
