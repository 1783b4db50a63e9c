package io.caravan.runtime;

import io.caravan.core.Decision;
import io.caravan.core.TraceEvent;
import io.caravan.processes.RunEnd;
import io.caravan.processes.RunListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.Objects;

/**
 * One span per process run ({@value #RUN_SPAN}) with a child span per step of its trace, named
 * after the step; a policy step's span carries its decision: {@code caravan.decision.policy},
 * {@code caravan.decision.choice} and each signal as {@code caravan.decision.signal.<name>}.
 *
 * <p>Spans are laid out after the run, from its trace, with explicit timestamps: the steps run
 * inside Camel routes that know nothing of tracing, and the trace already has what a span needs.
 * A step's start is approximate: steps are laid back to back from the run's start, since the
 * trace records how long each step took, not when it began (the engine's time between steps is
 * in the run's span only). The run's span is a child of the caller's current span, if any.
 *
 * <p>Of what the steps and policies recorded, only numbers and booleans become attributes, besides
 * the policy's name and choice: text inputs, text signals and the decision's sentence may quote the
 * question (a rewrite, a split), and exporting spans must not export what users asked.
 */
public final class RunSpans implements RunListener {

  /** The name of a run's span. */
  public static final String RUN_SPAN = "caravan.query";

  private final Tracer tracer;

  public RunSpans(OpenTelemetry openTelemetry) {
    this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer("io.caravan.runtime");
  }

  @Override
  public void ended(RunEnd run) {
    String process = run.outcome() == RunEnd.Outcome.UNKNOWN_PROCESS ? RunMetrics.UNKNOWN : run.processKey();
    Instant start = run.started();
    Span root = tracer.spanBuilder(RUN_SPAN)
        .setStartTimestamp(start)
        .setAttribute("caravan.process", process)
        .setAttribute("caravan.outcome", run.outcome().tag())
        .setAttribute("caravan.query.id", run.state().id())
        .setAttribute("caravan.retrieval_calls", (long) run.state().retrievalCalls())
        .startSpan();
    Context parent = Context.current().with(root);
    Instant at = start;
    int index = 0;
    for (TraceEvent event : run.state().trace().events()) {
      Instant end = at.plus(event.duration());
      AttributesBuilder a = Attributes.builder()
          .put("caravan.step", event.step())
          .put("caravan.step.index", (long) index++)
          .put("caravan.step.candidates", (long) event.candidates().size());
      event.inputs().forEach((k, v) -> put(a, "caravan.step.input." + k, v));
      Decision<?> d = event.decision();
      if (d != null) {
        a.put("caravan.decision.policy", d.policy()).put("caravan.decision.choice", d.choice());
        d.signals().forEach((k, v) -> put(a, "caravan.decision.signal." + k, v));
      }
      tracer.spanBuilder(event.step()).setParent(parent).setStartTimestamp(at).setAllAttributes(a.build()).startSpan().end(end);
      at = end;
    }
    run.failure().ifPresent(e -> {
      root.setStatus(StatusCode.ERROR, run.outcome().tag());
      root.recordException(e);
    });
    root.end(start.plus(run.elapsed()));
  }

  private static void put(AttributesBuilder a, String key, Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      a.put(AttributeKey.longKey(key), ((Number) value).longValue());
    } else if (value instanceof Number n) {
      a.put(AttributeKey.doubleKey(key), n.doubleValue());
    } else if (value instanceof Boolean b) {
      a.put(AttributeKey.booleanKey(key), b);
    }
  }
}
