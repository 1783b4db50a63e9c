package io.caravan.examples.spring;

import io.caravan.core.AttributeKey;

import io.caravan.core.Candidate;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.TraceEvent.RankedRef;
import io.caravan.core.spi.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * A step of the application's {@code diverse-rag} process: keeps only the best-ranked passage of
 * each document, so the passages generation reads come from as many documents as possible rather
 * than from neighbouring chunks of one. The starter hands every {@link Step} bean to Caravan, and
 * the BPMN file names it by {@link #NAME}. Like Caravan's own steps it appends its trace event.
 */
@Component
public class OneChunkPerDocument implements Step {

  public static final String NAME = "one-chunk-per-document";
  /** How many passages the step dropped, for the reply. */
  public static final AttributeKey<Integer> DROPPED = AttributeKey.of(NAME + ".dropped", Integer.class);

  private static final int TRACE_CANDIDATES = 20;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    Set<String> seen = new HashSet<>();
    List<Candidate> kept = new ArrayList<>();
    for (Candidate c : state.candidates()) {
      if (seen.add(c.docId())) {
        kept.add(c);
      }
    }
    int dropped = state.candidates().size() - kept.size();
    return Result.ranked(state.withCandidates(kept).with(DROPPED, dropped), Map.of("in", state.candidates().size(), "dropped", dropped), TRACE_CANDIDATES);
  }
}
