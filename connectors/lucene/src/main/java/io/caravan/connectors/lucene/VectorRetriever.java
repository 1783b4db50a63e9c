package io.caravan.connectors.lucene;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Retriever;
import java.util.List;
import java.util.Objects;

/**
 * Dense retrieval: encodes the query, then {@link LuceneIndex#knn} with the query's filters and access passed
 * into the search, so a selective filter still yields {@code min(k, matches)} hits, and a beam of
 * {@code max(k, numCandidates)} neighbours.
 *
 * <p>Scores are cosine similarities in [-1, 1]. Cost: one query encoding (the dominant cost
 * in-process) plus a graph search, ~0.3 ms on 20k.
 */
public final class VectorRetriever implements Retriever {

  public static final String NAME = "dense";
  public static final int DEFAULT_NUM_CANDIDATES = 100;

  private final LuceneIndex index;
  private final Encoder encoder;
  private final int numCandidates;

  public VectorRetriever(LuceneIndex index, Encoder encoder) {
    this(index, encoder, DEFAULT_NUM_CANDIDATES);
  }

  /** @throws EncoderMismatchException if the encoder is not the one the index was built with */
  public VectorRetriever(LuceneIndex index, Encoder encoder, int numCandidates) {
    this.index = Objects.requireNonNull(index, "index");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    if (numCandidates < 1 || numCandidates > Query.MAX_K * 10) {
      throw new IllegalArgumentException("numCandidates must be between 1 and " + Query.MAX_K * 10 + ", was " + numCandidates);
    }
    if (!encoder.info().equals(index.encoderInfo())) {
      throw new EncoderMismatchException(index.toString(), index.encoderInfo(), encoder.info());
    }
    this.numCandidates = numCandidates;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Candidate> retrieve(Query query) {
    float[] vector =
        UnitVectors.normalised(
            encoder.encodeQuery(query.text()), index.encoderInfo().dimension(), "query vector from " + encoder.info().modelId());
    return index.knnWithin(vector, query.k(), numCandidates, present -> AccessFilter.matching(present, query.filters(), query.access())).stream()
        .map(h -> Candidate.of(h.passage(), NAME, h.score()))
        .toList();
  }

  @Override
  public String toString() {
    return "VectorRetriever(" + index + ", numCandidates=" + numCandidates + ")";
  }
}
