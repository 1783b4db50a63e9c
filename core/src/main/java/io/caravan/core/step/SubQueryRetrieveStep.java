package io.caravan.core.step;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.fusion.RankFusion;
import io.caravan.core.spi.QueryTransformer;
import io.caravan.core.spi.Retriever;
import io.caravan.core.spi.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Retrieval of a decomposed question (ACQO): asks the {@code splitter} for the sub-queries (the
 * decompose policy's parts already in the state, or an LLM splitter), retrieves each, plus the
 * question as asked when {@code keepOriginal}, and fuses the lists with reciprocal rank or
 * rank-score fusion, so that a comparison's two entities both reach the top instead of one
 * crowding out the other. Lists are named {@code q0} (the question), {@code q1}, {@code q2}, ...
 * for fusion weights.
 *
 * <p>Cost: one retrieval per list, sequential, plus fusion; a repeated part is skipped (a query is
 * never blank).
 * Each list counts as one retrieval call.
 */
public final class SubQueryRetrieveStep implements Step {

  public static final String NAME = "retrieve-decomposed";

  private final Retriever retriever;
  private final RankFusion fusion;
  private final int depth;
  private final QueryTransformer splitter;
  private final boolean keepOriginal;

  public SubQueryRetrieveStep(Retriever retriever, RankFusion fusion, int depth, QueryTransformer splitter, boolean keepOriginal) {
    this.retriever = Objects.requireNonNull(retriever, "retriever");
    this.fusion = Objects.requireNonNull(fusion, "fusion");
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be positive, was " + depth);
    }
    this.depth = depth;
    this.splitter = Objects.requireNonNull(splitter, "splitter");
    this.keepOriginal = keepOriginal;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    int n = Math.max(depth, state.query().k());
    Set<String> queries = new LinkedHashSet<>();
    if (keepOriginal) {
      queries.add(state.query().text().strip());
    }
    for (Query p : splitter.transform(state.query(), state)) {
      queries.add(p.text().strip());
    }
    if (queries.isEmpty()) {
      queries.add(state.query().text().strip());
    }
    Map<String, List<Candidate>> lists = new LinkedHashMap<>();
    int i = keepOriginal ? 0 : 1;
    for (String q : queries) {
      lists.put("q" + i++, retriever.retrieve(state.query().withText(q).withK(n)));
    }
    List<Candidate> out = lists.size() == 1 ? lists.values().iterator().next() : fusion.fuse(lists, n);
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("retriever", retriever.name());
    inputs.put("splitter", splitter.name());
    inputs.put("queries", new ArrayList<>(queries));
    inputs.put("fusion", fusion.name());
    inputs.put("depth", n);
    return Result.ranked(state.withCandidates(out).plusRetrievalCalls(lists.size()), inputs, StepDefaults.TRACE_CANDIDATES);
  }
}
