package io.caravan.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The ordered record of every step a query went through. Immutable: appending makes a new trace. */
public record Trace(List<TraceEvent> events) {

  public static final Trace EMPTY = new Trace(List.of());

  public Trace {
    events = List.copyOf(events == null ? List.of() : events);
  }

  public Trace append(TraceEvent event) {
    List<TraceEvent> next = new ArrayList<>(events.size() + 1);
    next.addAll(events);
    next.add(event);
    return new Trace(next);
  }

  public Duration totalDuration() {
    return events.stream().map(TraceEvent::duration).reduce(Duration.ZERO, Duration::plus);
  }

  /** The trace as a person reads it: one block per step, top candidates with their stage scores. */
  public String render(int candidatesPerStep) {
    StringBuilder out = new StringBuilder();
    int i = 1;
    for (TraceEvent e : events) {
      out.append(String.format(Locale.ROOT, "%2d. %-12s %8.2f ms", i++, e.step(), e.duration().toNanos() / 1e6));
      if (!e.inputs().isEmpty()) {
        out.append("  ").append(e.inputs());
      }
      out.append('\n');
      if (e.decision() != null) {
        Decision<?> d = e.decision();
        out.append("      decision ").append(d.policy()).append(" -> ").append(d.choice());
        if (!d.reason().isEmpty()) {
          out.append(" (").append(d.reason()).append(')');
        }
        out.append('\n');
        if (!d.signals().isEmpty()) {
          out.append("      signals ").append(d.signals()).append('\n');
        }
      }
      for (TraceEvent.RankedRef r : e.candidates().subList(0, Math.min(candidatesPerStep, e.candidates().size()))) {
        out.append(String.format(Locale.ROOT, "      #%-3d %-28s %8.4f  %s%n", r.rank(), r.chunkId(), r.score(), formatScores(r.scores())));
      }
      if (e.candidates().size() > candidatesPerStep) {
        out.append("      ... ").append(e.candidates().size() - candidatesPerStep).append(" more\n");
      }
    }
    out.append(String.format(Locale.ROOT, "    total        %8.2f ms%n", totalDuration().toNanos() / 1e6));
    return out.toString();
  }

  private static String formatScores(Map<String, Double> scores) {
    StringBuilder sb = new StringBuilder();
    scores.forEach((k, v) -> sb.append(k).append('=').append(String.format(Locale.ROOT, "%.4f", v)).append(' '));
    return sb.toString().trim();
  }
}
