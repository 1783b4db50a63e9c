package io.caravan.policies.iteration;

import io.caravan.core.Candidate;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.TraceEvent.RankedRef;
import io.caravan.core.spi.Step;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step {@value #NAME}: ends a loop. The candidates become the notes' fused ranking over every round
 * ({@link IterationNotes#merged}, the query's k of them) and the query goes back to the original
 * question, so the final answer and the returned ranking both answer what the user asked.
 */
public final class UseNotesStep implements Step {

  public static final String NAME = "use-notes";
  private static final int TRACE_CANDIDATES = 20;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RagState apply(RagState state) {
    long t0 = System.nanoTime();
    IterationNotes notes = IterationNotes.of(state, NAME);
    List<Candidate> merged = notes.merged(state.query().k());
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("rounds", notes.roundCount());
    in.put("notes_docs", notes.documentCount());
    in.put("k", state.query().k());
    return state
        .withQuery(state.query().withText(notes.question()))
        .withCandidates(merged)
        .withEvent(new TraceEvent(NAME, Duration.ofNanos(System.nanoTime() - t0), in, RankedRef.of(merged, TRACE_CANDIDATES), null));
  }
}
