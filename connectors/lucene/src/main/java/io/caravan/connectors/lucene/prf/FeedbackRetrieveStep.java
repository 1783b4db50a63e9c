package io.caravan.connectors.lucene.prf;

import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.AccessFilter;
import io.caravan.core.Candidate;
import io.caravan.core.RagState;
import io.caravan.core.fusion.RankFusion;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.lucene.search.Query;

/**
 * Second retrieval with pseudo-relevance feedback: the state's candidates (the first retrieval,
 * best first) are the feedback documents, so feedback costs one more search, not two. Sparse
 * feedback is {@link Rm3Expansion} under BM25 (list {@value #SPARSE}); dense feedback is {@link
 * RocchioFeedback} over the HNSW graph (list {@value #DENSE}); with both, the two lists are
 * interpolated by the configured fusion (the PRF papers' sparse-dense interpolation). The new list
 * replaces the candidates; the trace shows the expansion terms. It counts as one retrieval call,
 * as a hybrid retrieval does, however many of its two searches ran.
 *
 * <p>A state with no candidates (nothing to learn from) passes through unchanged, noted in the trace.
 */
public final class FeedbackRetrieveStep implements Step {

  public static final String NAME = "retrieve-prf";
  private static final int TRACE_CANDIDATES = 20;
  public static final String SPARSE = "bm25-rm3";
  public static final String DENSE = "dense-rocchio";

  private final LuceneIndex index;
  private final Optional<Rm3Expansion> rm3;
  private final Optional<RocchioFeedback> rocchio;
  private final Encoder encoder;
  private final RankFusion fusion;
  private final int depth;
  private final int numCandidates;

  /**
   * @param encoder the query encoder; may be null without Rocchio
   * @param fusion merges the two feedback lists when both run
   */
  public FeedbackRetrieveStep(
      LuceneIndex index, Optional<Rm3Expansion> rm3, Optional<RocchioFeedback> rocchio, Encoder encoder, RankFusion fusion, int depth) {
    this.index = Objects.requireNonNull(index, "index");
    this.rm3 = Objects.requireNonNull(rm3, "rm3");
    this.rocchio = Objects.requireNonNull(rocchio, "rocchio");
    if (rm3.isEmpty() && rocchio.isEmpty()) {
      throw new IllegalArgumentException("feedback retrieval needs RM3, Rocchio or both");
    }
    if (rocchio.isPresent()) {
      Objects.requireNonNull(encoder, "Rocchio feedback needs the query encoder");
    }
    this.encoder = encoder;
    this.fusion = Objects.requireNonNull(fusion, "fusion");
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be positive, was " + depth);
    }
    this.depth = depth;
    this.numCandidates = Math.max(depth, 100);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("query", state.query().text());
    List<Candidate> feedback = state.candidates();
    if (feedback.isEmpty()) {
      inputs.put("note", "no first-stage candidates to feed back; list kept");
      return Result.of(state, inputs);
    }
    int n = Math.max(depth, state.query().k());
    Map<String, List<Candidate>> lists = new LinkedHashMap<>();
    boolean searched = false;
    if (rm3.isPresent()) {
      Map<String, Double> terms = rm3.get().expand(state.query().text(), feedback);
      inputs.put("rm3.terms", rounded(terms));
      Optional<Query> q = rm3.get().query(terms);
      searched = q.isPresent();
      lists.put(SPARSE, q.isEmpty() ? List.of() : index.search(present -> AccessFilter.restrict(present, q.get(), state.query().filters(), state.query().access()), n).stream()
          .map(h -> Candidate.of(h.passage(), SPARSE, h.score()))
          .toList());
    }
    if (rocchio.isPresent()) {
      float[] q = rocchio.get().expand(encoder.encodeQuery(state.query().text()), feedback, state.query().access());
      lists.put(DENSE, index.knnWithin(q, n, numCandidates, present -> AccessFilter.matching(present, state.query().filters(), state.query().access())).stream()
          .map(h -> Candidate.of(h.passage(), DENSE, h.score()))
          .toList());
      searched = true;
      inputs.put("rocchio.feedback", Math.min(rocchio.get().fbDocs(), feedback.size()));
    }
    List<Candidate> out = lists.size() == 1 ? lists.values().iterator().next() : fusion.fuse(lists, n);
    inputs.put("lists", List.copyOf(lists.keySet()));
    inputs.put("depth", n);
    return Result.ranked(state.withCandidates(out).plusRetrievalCalls(searched ? 1 : 0), inputs, TRACE_CANDIDATES);
  }

  private static Map<String, Double> rounded(Map<String, Double> terms) {
    Map<String, Double> m = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, Double> e : terms.entrySet()) {
      if (i++ == 20) {
        break;
      }
      m.put(e.getKey(), Math.round(e.getValue() * 10_000) / 10_000.0);
    }
    return m;
  }
}
