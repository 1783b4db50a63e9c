package io.caravan.connectors.lucene.rerank;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.spi.Reranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Second stage that re-scores first-stage candidates with a linear model (trained as a logistic
 * regression on relevance judgements) over exact lexical and dense evidence: {@link FusionFeatures}
 * computes the features, {@link FusionWeights} holds the model. Unlike rank fusion it sees how far
 * apart scores are, whether the query's rare terms are in the title, and both scores for candidates
 * only one list found.
 *
 * <p>Cost: that of {@link FusionFeatures#extract} (one query encoding plus a few Lucene queries
 * restricted to the candidates) and a dot product per candidate. Scores are logits: higher is more
 * likely relevant, comparable within a query.
 */
public final class LearnedFusionReranker implements Reranker {

  public static final String NAME = "learned-fusion";

  private final FusionFeatures features;
  private final FusionWeights weights;

  public LearnedFusionReranker(FusionFeatures features, FusionWeights weights) {
    this.features = Objects.requireNonNull(features, "features");
    this.weights = Objects.requireNonNull(weights, "weights");
  }

  @Override
  public String name() {
    return NAME;
  }

  public FusionWeights weights() {
    return weights;
  }

  @Override
  public List<Candidate> rerank(Query query, List<Candidate> candidates, int k) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(candidates, "candidates");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, was " + k);
    }
    List<double[]> rows = features.extract(query, candidates);
    List<Candidate> out = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      out.add(candidates.get(i).withScore(NAME, weights.score(rows.get(i))));
    }
    return Candidate.top(out, k);
  }

  @Override
  public String toString() {
    return "LearnedFusionReranker(" + weights + ")";
  }
}
