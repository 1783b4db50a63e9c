package io.caravan.policies.iteration;

import io.caravan.core.Candidate;
import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
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
  public Result run(RagState state) {
    IterationNotes notes = IterationNotes.of(state, NAME);
    List<Candidate> merged = notes.merged(state.query().k());
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("rounds", notes.roundCount());
    in.put("notes_docs", notes.documentCount());
    in.put("k", state.query().k());
    return Result.ranked(
        state
            .withQuery(state.query().withText(notes.question()))
            .withCandidates(merged),
        in,
        TRACE_CANDIDATES);
  }
}
