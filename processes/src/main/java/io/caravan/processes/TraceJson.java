package io.caravan.processes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.caravan.core.Decision;
import io.caravan.core.Trace;
import io.caravan.core.TraceEvent;
import java.util.Map;

/**
 * Writes a {@link Trace} as JSON, the one shape both the audit variable and the HTTP API use: one
 * object per event with {@code step}, {@code durationMs}, {@code inputs}, {@code candidates} and
 * {@code decision}. Scores that are not finite are written as {@code null} (JSON has no NaN). Values Jackson cannot
 * write (an exotic attribute in a decision's signals) are written as their {@code toString()}, so
 * auditing never fails a run that succeeded.
 *
 * <p>Cost: one tree build and one write per call, proportional to the trace size; only the history
 * modes that keep a trace pay it.
 */
public final class TraceJson {

  private final ObjectMapper mapper =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  public String write(Trace trace) {
    try {
      return mapper.writeValueAsString(events(trace));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings and numbers could not be written", e);
    }
  }

  /** The events as a JSON tree, for embedding in a larger document. */
  public ArrayNode events(Trace trace) {
    ArrayNode events = mapper.createArrayNode();
    for (TraceEvent e : trace.events()) {
      events.add(event(e));
    }
    return events;
  }

  /** One event as a JSON object: what the trace array holds and a streamed step event carries. */
  public ObjectNode event(TraceEvent e) {
    ObjectNode event = mapper.createObjectNode();
    event.put("step", e.step());
    event.put("durationMs", e.duration().toNanos() / 1e6);
    event.set("inputs", map(e.inputs()));
    ArrayNode candidates = event.putArray("candidates");
    for (TraceEvent.RankedRef r : e.candidates()) {
      ObjectNode c = candidates.addObject();
      c.put("rank", r.rank());
      c.put("docId", r.docId());
      c.put("chunkId", r.chunkId());
      putNumber(c, "score", r.score());
      ObjectNode scores = c.putObject("scores");
      r.scores().forEach((k, v) -> putNumber(scores, k, v));
    }
    if (e.decision() != null) {
      Decision<?> d = e.decision();
      ObjectNode decision = event.putObject("decision");
      decision.put("policy", d.policy());
      decision.put("choice", d.choice());
      decision.put("reason", d.reason());
      decision.set("signals", map(d.signals()));
    }
    return event;
  }

  private static void putNumber(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    } else {
      n.putNull(field);
    }
  }

  private ObjectNode map(Map<String, Object> values) {
    ObjectNode node = mapper.createObjectNode();
    values.forEach((k, v) -> node.set(k, value(v)));
    return node;
  }

  private JsonNode value(Object v) {
    try {
      return mapper.valueToTree(v);
    } catch (IllegalArgumentException e) {
      return TextNode.valueOf(String.valueOf(v));
    }
  }
}
