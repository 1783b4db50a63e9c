package io.caravan.policies.iteration;

import io.caravan.core.Answer;
import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step {@value #NAME}: records the round that just ran (its ranking and answer) in the loop's
 * {@link IterationNotes}, starting them with the query's text as the original question on the
 * first round. Bookkeeping only, no I/O; the {@code iteration} policy then reads the notes.
 */
public final class NotesStep implements Step {

  public static final String NAME = "notes";

  private final int evidenceDepth;

  public NotesStep(int evidenceDepth) {
    if (evidenceDepth < 1) {
      throw new IllegalArgumentException("evidenceDepth must be positive, was " + evidenceDepth);
    }
    this.evidenceDepth = evidenceDepth;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    IterationNotes notes = state.get(IterationNotes.KEY).orElseGet(() -> IterationNotes.start(state.query().text()));
    Answer a = state.answer();
    String answer = a == null || a.citations().isEmpty() && a.confidence() == 0 ? "" : a.text();
    IterationNotes next = notes.add(state.candidates(), answer, evidenceDepth);
    IterationNotes.Round r = next.last();
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("round", next.roundCount());
    in.put("new_docs", r.newDocuments());
    in.put("gain", Math.round(r.gain() * 1000) / 1000.0);
    in.put("notes_docs", next.documentCount());
    return Result.of(state.with(IterationNotes.KEY, next), in);
  }
}
