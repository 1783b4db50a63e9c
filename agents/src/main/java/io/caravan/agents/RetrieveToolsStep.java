package io.caravan.agents;

import io.caravan.core.Candidate;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.TraceEvent.RankedRef;
import io.caravan.core.spi.Retriever;
import io.caravan.core.spi.Step;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step {@value #NAME}: ranks the registered tools for the query with the tool index's retriever.
 * The whole ranking (at least {@code depth} tools) becomes the state's candidates; how many of them
 * the agent gets is the {@code tool-retrieval} policy's decision, made after this step.
 */
public final class RetrieveToolsStep implements Step {

  public static final String NAME = "retrieve-tools";

  private final Retriever retriever;
  private final int depth;

  public RetrieveToolsStep(Retriever retriever, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be positive, was " + depth);
    }
    this.retriever = retriever;
    this.depth = depth;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RagState apply(RagState state) {
    long t0 = System.nanoTime();
    int n = Math.max(depth, state.query().k());
    List<Candidate> found = retriever.retrieve(state.query().withK(n));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("retriever", retriever.name());
    inputs.put("query", state.query().text());
    inputs.put("depth", n);
    return state.withCandidates(found).withEvent(new TraceEvent(NAME, took, inputs, RankedRef.of(found, 10), null));
  }
}
