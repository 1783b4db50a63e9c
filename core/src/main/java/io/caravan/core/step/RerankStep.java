package io.caravan.core.step;

import io.caravan.core.Candidate;
import io.caravan.core.RagState;
import io.caravan.core.spi.Reranker;
import io.caravan.core.spi.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Second stage: re-scores the current candidates and keeps the best {@code query.k}. */
public final class RerankStep implements Step {

  private final Reranker reranker;

  public RerankStep(Reranker reranker) {
    this.reranker = reranker;
  }

  @Override
  public String name() {
    return "rerank";
  }

  private Map<String, Object> inputs(RagState state) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("reranker", reranker.name());
    in.put("in", state.candidates().size());
    in.put("k", state.query().k());
    return in;
  }

  @Override
  public Result run(RagState state) {
    List<Candidate> ranked = reranker.rerank(state.query(), state.candidates(), state.query().k());
    return Result.ranked(state.withCandidates(ranked), inputs(state), StepDefaults.TRACE_CANDIDATES);
  }
}
