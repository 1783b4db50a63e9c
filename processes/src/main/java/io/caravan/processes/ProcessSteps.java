package io.caravan.processes;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.flowable.bpmn.model.BpmnModel;
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
    if (processKey == null || processKey.isBlank()) {
      return Optional.empty();
    }
    RepositoryService repository = runner.engine().getRepositoryService();
    ProcessDefinition definition =
        repository.createProcessDefinitionQuery().processDefinitionKey(processKey).latestVersion().singleResult();
    if (definition == null) {
      return Optional.empty();
    }
    BpmnModel model = repository.getBpmnModel(definition.getId());
    Set<String> steps = new TreeSet<>();
    for (Process process : model.getProcesses()) {
      for (ServiceTask task : process.findFlowElementsOfType(ServiceTask.class, true)) {
        CaravanBpmn.stepName(task).ifPresent(steps::add);
      }
    }
    return Optional.of(Set.copyOf(steps));
  }
}
