package io.caravan.connectors.lucene;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.fusion.RankFusion;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Retriever;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs several retrievers (typically {@link Bm25Retriever} and {@link VectorRetriever}) for {@code
 * max(candidateDepth, k)} candidates each and fuses the lists into the best k. Lists are named by
 * their retriever's {@link Retriever#name()}, which is also the key for fusion weights ({@code
 * "bm25"}, {@code "dense"}); the stage name is the fusion's ({@code "rrf"}, {@code
 * "interpolated"}). Each candidate keeps its per-list scores next to the fused one.
 *
 * <p>Cost: the retrievers run one after the other on the caller's thread (sum of their costs) plus
 * a fusion linear in the candidates; a deeper list helps fusion find chunks that only one list
 * ranks highly, at the price of loading more stored passages.
 */
public final class HybridRetriever implements Retriever {

  public static final int DEFAULT_CANDIDATE_DEPTH = 100;

  private final List<Retriever> retrievers;
  private final RankFusion fusion;
  private final int candidateDepth;

  public HybridRetriever(List<Retriever> retrievers, RankFusion fusion, int candidateDepth) {
    this.retrievers = List.copyOf(retrievers);
    this.fusion = Objects.requireNonNull(fusion, "fusion");
    if (this.retrievers.isEmpty()) {
      throw new IllegalArgumentException("a hybrid retriever needs at least one retriever");
    }
    Set<String> names = new HashSet<>();
    for (Retriever r : this.retrievers) {
      if (!names.add(r.name())) {
        throw new IllegalArgumentException("two retrievers are named " + r.name() + "; their lists would overwrite each other");
      }
    }
    if (candidateDepth < 1 || candidateDepth > Query.MAX_K) {
      throw new IllegalArgumentException("candidateDepth must be between 1 and " + Query.MAX_K + ", was " + candidateDepth);
    }
    this.candidateDepth = candidateDepth;
  }

  /** BM25 and dense over one index, fused by reciprocal rank (k = 60), 100 candidates per list. */
  public static HybridRetriever bm25AndDense(LuceneIndex index, Encoder encoder) {
    return bm25AndDense(index, encoder, new ReciprocalRankFusion(), DEFAULT_CANDIDATE_DEPTH);
  }

  public static HybridRetriever bm25AndDense(LuceneIndex index, Encoder encoder, RankFusion fusion, int candidateDepth) {
    return new HybridRetriever(
        List.of(new Bm25Retriever(index), new VectorRetriever(index, encoder)), fusion, candidateDepth);
  }

  @Override
  public String name() {
    return fusion.name();
  }

  public int candidateDepth() {
    return candidateDepth;
  }

  @Override
  public List<Candidate> retrieve(Query query) {
    Query deep = query.withK(Math.max(candidateDepth, query.k()));
    Map<String, List<Candidate>> lists = new LinkedHashMap<>();
    for (Retriever r : retrievers) {
      lists.put(r.name(), r.retrieve(deep));
    }
    return fusion.fuse(lists, query.k());
  }

  @Override
  public String toString() {
    return "HybridRetriever(" + retrievers + ", " + fusion + ", depth=" + candidateDepth + ")";
  }
}
