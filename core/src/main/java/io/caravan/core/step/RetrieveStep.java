package io.caravan.core.step;

import io.caravan.core.Candidate;
import io.caravan.core.RagState;
import io.caravan.core.spi.Retriever;
import io.caravan.core.spi.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * First stage: asks the retriever for {@code max(depth, query.k)} candidates, so that a later
 * reranking stage has more to choose from than the user asked for. Counts one retrieval call.
 */
public final class RetrieveStep implements Step {

  private final Retriever retriever;
  private final int depth;

  public RetrieveStep(Retriever retriever, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be positive, was " + depth);
    }
    this.retriever = retriever;
    this.depth = depth;
  }

  @Override
  public String name() {
    return "retrieve";
  }

  @Override
  public Result run(RagState state) {
    int n = Math.max(depth, state.query().k());
    List<Candidate> found = retriever.retrieve(state.query().withK(n));
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("retriever", retriever.name());
    inputs.put("query", state.query().text());
    inputs.put("depth", n);
    if (!state.query().filters().isEmpty()) {
      inputs.put("filters", state.query().filters());
    }
    return Result.ranked(state.withCandidates(found).plusRetrievalCalls(1), inputs, StepDefaults.TRACE_CANDIDATES);
  }
}
