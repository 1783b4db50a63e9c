package io.caravan.research.bench;

import io.caravan.connectors.lucene.Bm25Retriever;
import io.caravan.connectors.lucene.HybridRetriever;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.VectorRetriever;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Reranker;
import io.caravan.core.spi.Retriever;
import java.util.List;

/**
 * The retrieval configurations a BEIR run compares, built from the product's own retrievers. Every
 * single list is {@value #LIST_DEPTH} chunks deep, enough for Recall@100 over documents once a
 * document's several chunks are merged; the hybrid takes {@code depth} chunks per list (the
 * product's default is 100) and keeps the whole fused union, which the second stage then re-orders.
 */
public final class Pipelines {

  public static final int LIST_DEPTH = 300;

  /** One configuration: what it is called and what it returns for a query text, best first. */
  public interface Pipeline {
    String name();

    List<Candidate> run(String queryText);
  }

  private final LuceneIndex index;
  private final Encoder encoder;
  private final int depth;

  public Pipelines(LuceneIndex index, Encoder encoder, int depth) {
    this.index = index;
    this.encoder = encoder;
    this.depth = depth;
  }

  public Pipeline bm25() {
    return single("bm25", new Bm25Retriever(index));
  }

  public Pipeline dense() {
    return single("dense", new VectorRetriever(index, encoder));
  }

  public HybridRetriever hybridRetriever() {
    return HybridRetriever.bm25AndDense(index, encoder, new ReciprocalRankFusion(), depth);
  }

  public Pipeline hybrid() {
    return single("hybrid-rrf", hybridRetriever());
  }

  /** The hybrid's fused union re-scored by {@code reranker}, all of it kept (for Recall@100). */
  public Pipeline hybridThen(Reranker reranker) {
    HybridRetriever first = hybridRetriever();
    return new Pipeline() {
      @Override
      public String name() {
        return "hybrid-rrf+" + reranker.name();
      }

      @Override
      public List<Candidate> run(String queryText) {
        List<Candidate> candidates = first.retrieve(Query.of(queryText, 2 * depth));
        return candidates.isEmpty() ? candidates : reranker.rerank(Query.of(queryText), candidates, candidates.size());
      }
    };
  }

  private Pipeline single(String name, Retriever r) {
    int k = r instanceof HybridRetriever ? 2 * depth : LIST_DEPTH;
    return new Pipeline() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Candidate> run(String queryText) {
        return r.retrieve(Query.of(queryText, k));
      }
    };
  }
}
