package io.caravan.runtime;

import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.processes.RunEnd;
import io.caravan.processes.RunListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The metrics of process runs, read once from each run's end: its outcome and time, and the trace
 * of the steps it got through. Every caller of a run ({@code Caravan.ask}, the HTTP routes) is
 * counted here and nowhere else, since the {@link io.caravan.processes.ProcessRunner} tells this
 * listener of every run.
 *
 * <table>
 *   <caption>meters (Prometheus names)</caption>
 *   <tr><td>{@code caravan_query_seconds} (histogram)</td><td>process, outcome</td><td>a run, engine and steps</td></tr>
 *   <tr><td>{@code caravan_step_seconds} (histogram)</td><td>process, step</td><td>each step of a run, from its trace</td></tr>
 *   <tr><td>{@code caravan_decision_seconds} (histogram)</td><td>process, step, policy, choice</td><td>each policy step, by what it chose</td></tr>
 *   <tr><td>{@code caravan_query_decided_seconds} (histogram)</td><td>process, policy, choice</td><td>runs in which the policy made that choice at least once</td></tr>
 *   <tr><td>{@code caravan_query_retrievals}</td><td>process</td><td>searches per run ({@link RagState#retrievalCalls()})</td></tr>
 *   <tr><td>{@code caravan_query_generations}</td><td>process</td><td>generator calls per run (generate steps in the trace)</td></tr>
 * </table>
 *
 * <p>Tags are bounded: processes are the deployed ones (a run that asked for an unknown key is
 * tagged {@value #UNKNOWN}), steps and choices are what the deployed processes and policies name;
 * never the question or any other request text. Cost per run: one registry look-up per trace event.
 */
public final class RunMetrics implements RunListener {

  /** The process tag of runs that asked for a process nobody deployed: the key is the caller's text. */
  public static final String UNKNOWN = "unknown";

  /** The input every generate step records; one such event is one generator call. */
  private static final String GENERATOR_INPUT = "generator";

  private static final Duration FASTEST = Duration.ofMillis(1);
  private static final Duration SLOWEST = Duration.ofMinutes(2);

  private final MeterRegistry registry;

  public RunMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void ended(RunEnd run) {
    String process = run.outcome() == RunEnd.Outcome.UNKNOWN_PROCESS ? UNKNOWN : run.processKey();
    timer("caravan.query", "Process runs, engine and steps, by how they ended", "process", process, "outcome", run.outcome().tag())
        .record(run.elapsed());
    if (run.outcome() == RunEnd.Outcome.UNKNOWN_PROCESS) {
      return;
    }
    RagState state = run.state();
    int generations = 0;
    Set<List<String>> decided = new LinkedHashSet<>();
    for (TraceEvent event : state.trace().events()) {
      timer("caravan.step", "Steps of process runs, from their traces", "process", process, "step", event.step()).record(event.duration());
      if (event.inputs().containsKey(GENERATOR_INPUT)) {
        generations++;
      }
      Decision<?> d = event.decision();
      if (d != null) {
        timer("caravan.decision", "Policy steps, by what they chose", "process", process, "step", event.step(), "policy", d.policy(), "choice", d.choice())
            .record(event.duration());
        decided.add(List.of(d.policy(), d.choice()));
      }
    }
    for (List<String> pc : decided) {
      timer("caravan.query.decided", "Process runs in which a policy made a choice at least once", "process", process, "policy", pc.get(0), "choice", pc.get(1))
          .record(run.elapsed());
    }
    DistributionSummary.builder("caravan.query.retrievals")
        .description("Searches the retrieval steps ran per process run")
        .tags("process", process)
        .register(registry)
        .record(state.retrievalCalls());
    DistributionSummary.builder("caravan.query.generations")
        .description("Generator calls per process run (generate steps in its trace)")
        .tags("process", process)
        .register(registry)
        .record(generations);
  }

  private Timer timer(String name, String description, String... tags) {
    return Timer.builder(name)
        .description(description)
        .tags(tags)
        .publishPercentileHistogram()
        .minimumExpectedValue(FASTEST)
        .maximumExpectedValue(SLOWEST)
        .register(registry);
  }
}
