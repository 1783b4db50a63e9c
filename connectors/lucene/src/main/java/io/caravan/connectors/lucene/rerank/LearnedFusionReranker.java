package io.caravan.connectors.lucene.rerank;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.spi.Reranker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Second stage that re-scores first-stage candidates with a linear model (trained as a logistic
 * regression on relevance judgements) over exact lexical and dense evidence: {@link FusionFeatures}
 * computes the features, a {@link FusionScorer} turns them into scores (the {@link FusionWeights}
 * in-process, or the same weights on a model server), and this class ranks. Unlike rank fusion it
 * sees how far apart scores are, whether the query's rare terms are in the title, and both scores
 * for candidates only one list found.
 *
 * <p>Cost: that of {@link FusionFeatures#extract} (one query encoding plus a few Lucene queries
 * restricted to the candidates) and the scorer's (a dot product per candidate in-process, one
 * server call per query remotely). Scores are logits: higher is more likely relevant, comparable
 * within a query. Marks the scorer returns (a fallback's) are added beside each candidate's scores.
 */
public final class LearnedFusionReranker implements Reranker {

  public static final String NAME = "learned-fusion";

  private final FusionFeatures features;
  private final FusionScorer scorer;

  public LearnedFusionReranker(FusionFeatures features, FusionScorer scorer) {
    this.features = Objects.requireNonNull(features, "features");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
  }

  @Override
  public String name() {
    return NAME;
  }

  public FusionScorer scorer() {
    return scorer;
  }

  @Override
  public List<Candidate> rerank(Query query, List<Candidate> candidates, int k) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(candidates, "candidates");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, was " + k);
    }
    if (candidates.isEmpty()) {
      return List.of(); // nothing to score: no scorer call, local or remote
    }
    FusionScorer.Scores scores = scorer.score(features.extract(query, candidates));
    if (scores.size() != candidates.size()) {
      throw new IllegalStateException("scorer " + scorer + " returned " + scores.size() + " scores for " + candidates.size() + " candidates");
    }
    List<Candidate> out = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i).withScore(NAME, scores.value(i));
      if (!scores.marks().isEmpty()) {
        Map<String, Double> marked = new LinkedHashMap<>(c.scores());
        marked.putAll(scores.marks());
        c = new Candidate(c.passage(), c.score(), marked);
      }
      out.add(c);
    }
    return Candidate.top(out, k);
  }

  @Override
  public String toString() {
    return "LearnedFusionReranker(" + scorer + ")";
  }
}
