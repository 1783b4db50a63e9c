package io.caravan.processes;

import io.caravan.core.RagState;
import io.caravan.processes.camel.CaravanComponent;
import java.util.OptionalInt;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

/**
 * The one delegate behind every Caravan step task (bean {@code caravanStep}). It reads the step
 * name and the visit bound from the task's own model element, not from injected fields, so one
 * shared instance serves every task on every thread; it sends the run's current state to {@code
 * caravan:step:<name>} and keeps what comes back. Before each step it checks the run's {@link
 * RunDeadline}, so a run past its deadline or cancelled starts no further step.
 *
 * <p>Cost per task: an in-thread Camel exchange and a registry lookup, a field lookup in the model
 * and a clock read; in history modes that keep the trace, also one JSON write of the trace so far.
 */
final class CamelStepTask implements JavaDelegate {

  private final ProducerTemplate producer;
  private final TraceJson traceJson; // null when the history mode keeps no trace

  CamelStepTask(ProducerTemplate producer, TraceJson traceJson) {
    this.producer = producer;
    this.traceJson = traceJson;
  }

  @Override
  public void execute(DelegateExecution execution) {
    FlowElement task = execution.getCurrentFlowElement();
    ProcessRun run = runOf(execution);
    String step =
        CaravanBpmn.stepName(task)
            .orElseThrow(
                () -> new IllegalStateException(
                    "task '" + task.getId() + "' of process '" + run.processKey()
                        + "' has no step field; was it deployed without ProcessRunner's validation?"));

    // every loop passes a step task, so this bounds loops as well as long chains of steps
    run.checkDeadline(task.getId(), step);
    int visit = run.enter(task.getId());
    OptionalInt bound = CaravanBpmn.maxVisits(task);
    if (bound.isPresent() && visit > bound.getAsInt()) {
      throw new LoopBoundExceededException(run.processKey(), task.getId(), step, bound.getAsInt());
    }

    RagState in = run.state();
    Object out;
    try {
      out = producer.requestBody(CaravanComponent.stepUri(step), in);
    } catch (CamelExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new StepFailedException(run.processKey(), task.getId(), step, describe(cause), cause);
    } catch (RuntimeException e) {
      throw new StepFailedException(run.processKey(), task.getId(), step, describe(e), e);
    }
    if (!(out instanceof RagState next)) {
      throw new StepFailedException(
          run.processKey(), task.getId(), step,
          "the route answered " + (out == null ? "null" : "a " + out.getClass().getName()) + ", expected a RagState",
          null);
    }
    if (!next.id().equals(in.id())) {
      throw new StepFailedException(
          run.processKey(), task.getId(), step,
          "the route answered the state of query " + next.id() + ", expected query " + in.id(), null);
    }
    run.update(next);
    if (traceJson != null) {
      execution.setVariable(CaravanBpmn.TRACE_VARIABLE, traceJson.write(next.trace()));
    }
  }

  private static ProcessRun runOf(DelegateExecution execution) {
    Object value = execution.getTransientVariable(CaravanBpmn.RUN_VARIABLE);
    if (value instanceof ProcessRun run) {
      return run;
    }
    throw new IllegalStateException(
        "process instance " + execution.getProcessInstanceId() + " has no transient variable '"
            + CaravanBpmn.RUN_VARIABLE + "': Caravan step tasks run only in processes started by ProcessRunner");
  }

  /** The step's failure in words; its type and stack stay with the cause, for the server log. */
  private static String describe(Throwable t) {
    return t.getMessage() == null ? "it gave no reason" : t.getMessage();
  }
}
