package io.caravan.processes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

/**
 * The steps a deployed process runs: the step name of every Caravan step task of its latest
 * version, in sub-processes too. An edge can check with it what a process does before running it
 * (the tool search runs only processes that rank tools).
 *
 * <p>Cost: one process-definition query; the BPMN model comes from the engine's deployment cache.
 */
public final class ProcessSteps {

  private ProcessSteps() {}

  /**
   * The step names of the latest version of process {@code processKey}, or empty when no process
   * has that key (or the key is blank).
   */
  public static Optional<Set<String>> latest(ProcessRunner runner, String processKey) {
    return model(runner, processKey).map(model -> {
      Set<String> steps = new TreeSet<>();
      for (Process process : model.getProcesses()) {
        for (ServiceTask task : process.findFlowElementsOfType(ServiceTask.class, true)) {
          CaravanBpmn.stepName(task).ifPresent(steps::add);
        }
      }
      return Set.copyOf(steps);
    });
  }

  /**
   * Whether the latest version of {@code processKey} can run {@code step} at most once per run:
   * exactly one task runs it and no sequence flow leads from that task back to it. A streaming
   * edge sends a generation's text as it comes only then; a process that may generate again (a
   * draft a policy replaces, a loop's rounds) could not take back what was sent.
   */
  public static boolean runsAtMostOnce(ProcessRunner runner, String processKey, String step) {
    return model(runner, processKey).map(model -> {
      List<ServiceTask> tasks = new ArrayList<>();
      for (Process process : model.getProcesses()) {
        for (ServiceTask task : process.findFlowElementsOfType(ServiceTask.class, true)) {
          if (CaravanBpmn.stepName(task).filter(step::equals).isPresent()) {
            tasks.add(task);
          }
        }
      }
      return tasks.size() == 1 && !onCycle(model, tasks.get(0));
    }).orElse(false);
  }

  private static boolean onCycle(BpmnModel model, FlowNode start) {
    Deque<String> todo = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    start.getOutgoingFlows().forEach(f -> todo.add(f.getTargetRef()));
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (id.equals(start.getId())) {
        return true;
      }
      if (seen.add(id) && model.getFlowElement(id) instanceof FlowNode n) {
        n.getOutgoingFlows().forEach(f -> todo.add(f.getTargetRef()));
      }
    }
    return false;
  }

  private static Optional<BpmnModel> model(ProcessRunner runner, String processKey) {
    if (processKey == null || processKey.isBlank()) {
      return Optional.empty();
    }
    RepositoryService repository = runner.engine().getRepositoryService();
    ProcessDefinition definition =
        repository.createProcessDefinitionQuery().processDefinitionKey(processKey).latestVersion().singleResult();
    return definition == null ? Optional.empty() : Optional.of(repository.getBpmnModel(definition.getId()));
  }
}
