package io.caravan.processes;

import io.caravan.core.step.StepRegistry;
import io.caravan.processes.camel.CaravanComponent;
import io.caravan.processes.condition.Condition;
import io.caravan.processes.condition.InvalidConditionException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import org.flowable.bpmn.converter.BpmnXMLConverter;
import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.ErrorEventDefinition;
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.EventDefinition;
import org.flowable.bpmn.model.ExclusiveGateway;
import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.Gateway;
import org.flowable.bpmn.model.HasExecutionListeners;
import org.flowable.bpmn.model.InclusiveGateway;
import org.flowable.bpmn.model.ManualTask;
import org.flowable.bpmn.model.ParallelGateway;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ScriptTask;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.SubProcess;
import org.flowable.bpmn.model.Task;
import org.flowable.bpmn.model.TerminateEventDefinition;
import org.flowable.bpmn.model.ThrowEvent;
import org.flowable.validation.ProcessValidator;
import org.flowable.validation.ProcessValidatorFactory;
import org.flowable.validation.ValidationError;
import org.xml.sax.SAXParseException;

/**
 * Checks a BPMN file before it is deployed and reports every problem at once, each with its
 * element id and line: first a streaming scan of the bytes ({@link DocumentScan}: UTF-8, no DTD or
 * undefined entities, within {@link BpmnLimits}), then Flowable's parse against the BPMN 2.0
 * schema and Flowable's own validator, then Caravan's rules:
 *
 * <ul>
 *   <li>a service task is a step task ({@link CaravanBpmn}) naming, as a fixed string, a step that
 *       {@code knownSteps} accepts; classes, expressions, other delegates, typed tasks (camel, http,
 *       ...), field expressions and listeners are refused, because BPMN files hold no Java;
 *   <li>every sequence-flow condition, wherever the flow starts, is a Caravan condition ({@link
 *       Condition}) and never a script; no element has a skip expression or a name holding an
 *       expression, and no script task exists, because Flowable would evaluate them;
 *   <li>an exclusive or inclusive gateway with several outgoing flows has a default flow, and its
 *       other flows have conditions, so that no query can get stuck at it;
 *   <li>every cycle of sequence flows passes a service task with {@code caravan:maxVisits="N"}
 *       (1 &lt;= N &lt;= {@value CaravanBpmn#MAX_VISITS_LIMIT}), which the run enforces;
 *   <li>one executable process per file, with an id, a start event and an end event, built only
 *       from elements that complete synchronously (no user tasks, timers, messages, async flags or
 *       multi-instance), since a run is one call on the caller's thread.
 * </ul>
 *
 * <p>Whatever goes wrong in Flowable's converter or validator becomes a problem in the report;
 * {@link #validate} throws only for a blank resource name or null bytes.
 *
 * <p>Cost: one streaming scan, one schema-validated parse (bounded by the limits) plus walks linear
 * in the size of the model; meant for deploy time, never per query. Thread-safe: no state beyond
 * its settings.
 */
public final class BpmnValidator {

  private static final String DOCUMENT = null;
  /** Longest cycle listed node by node in a problem; a longer one is summarised. */
  private static final int CYCLE_LISTED = 20;

  private final Predicate<String> knownSteps;
  private final BpmnLimits limits;

  /** A validator with {@link BpmnLimits#defaults()}. */
  public BpmnValidator(Predicate<String> knownSteps) {
    this(knownSteps, BpmnLimits.defaults());
  }

  public BpmnValidator(Predicate<String> knownSteps, BpmnLimits limits) {
    this.knownSteps = Objects.requireNonNull(knownSteps, "knownSteps");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public ValidationReport validate(String resourceName, byte[] bpmnXml) {
    if (resourceName == null || resourceName.isBlank()) {
      throw new IllegalArgumentException("resource name must not be blank");
    }
    Objects.requireNonNull(bpmnXml, "bpmnXml");
    Problems problems = new Problems(resourceName);
    DocumentScan.Result scan = DocumentScan.scan(bpmnXml, limits);
    scan.findings().forEach(f -> problems.add(f.elementId(), f.line(), f.message()));
    if (scan.refusal() != null) {
      problems.add(scan.refusal().elementId(), scan.refusal().line(), scan.refusal().message());
      return problems.report(List.of());
    }
    BpmnModel model;
    try {
      model = new BpmnXMLConverter().convertToBpmnModel(() -> new ByteArrayInputStream(bpmnXml), true, true);
    } catch (RuntimeException | StackOverflowError e) {
      // the limits keep documents well below what overflows Flowable's parser; should one still
      // do so, it is this document's problem, not a failure of the deploy call
      problems.add(DOCUMENT, lineOf(e), "not a readable BPMN 2.0 document: " + parseError(e));
      return problems.report(List.of());
    }

    List<Process> processes = model.getProcesses();
    if (scan.processes() == 0) {
      problems.add(DOCUMENT, 0, "the file defines no process");
    } else if (processes.size() > 1) {
      problems.add(DOCUMENT, 0, "the file defines " + processes.size() + " processes; Caravan deploys one process per file");
    }

    try {
      ProcessValidator flowable = new ProcessValidatorFactory().createDefaultProcessValidator();
      for (ValidationError error : flowable.validate(model)) {
        if (!error.isWarning()) {
          String what = error.getDefaultDescription() != null ? error.getDefaultDescription() : error.getProblem();
          problems.add(error.getActivityId(), error.getXmlLineNumber(), "Flowable: " + what);
        }
      }
    } catch (RuntimeException | StackOverflowError e) {
      problems.add(DOCUMENT, 0, "Flowable's validator could not check the document: " + parseError(e));
      return problems.report(List.of());
    }

    List<String> ids = new ArrayList<>();
    for (Process process : processes) {
      // Caravan's rules and the cycle check key everything by id; the schema leaves ids optional
      if (allHaveIds(process, problems)) {
        checkProcess(process, problems);
      }
      ids.add(process.getId());
    }
    return problems.report(ids);
  }

  // recursion per sub-process level only, which the depth limit of the scan bounds
  private static boolean allHaveIds(FlowElementsContainer container, Problems problems) {
    boolean all = true;
    for (FlowElement element : container.getFlowElements()) {
      if (element.getId() == null || element.getId().isBlank()) {
        String kind = element.getClass().getSimpleName();
        problems.add(DOCUMENT, element.getXmlRowNumber(), "a " + Character.toLowerCase(kind.charAt(0)) + kind.substring(1)
            + " has no id; every element of a process needs one");
        all = false;
      } else if (element instanceof SubProcess sub) {
        all &= allHaveIds(sub, problems);
      }
    }
    return all;
  }

  private void checkProcess(Process process, Problems problems) {
    String where = process.getId();
    if (process.findFlowElementsOfType(StartEvent.class, false).isEmpty()) {
      problems.add(where, process.getXmlRowNumber(), "process has no start event");
    }
    if (process.findFlowElementsOfType(EndEvent.class, false).isEmpty()) {
      problems.add(where, process.getXmlRowNumber(), "process has no end event");
    }
    checkListeners(process, where, problems);
    if (!process.getEventListeners().isEmpty()) {
      problems.add(where, process.getXmlRowNumber(), "process declares event listeners; BPMN files hold no Java");
    }
    if (!process.getCandidateStarterUsers().isEmpty() || !process.getCandidateStarterGroups().isEmpty()) {
      problems.add(where, process.getXmlRowNumber(), "process names candidate starter users or groups, which Flowable "
          + "evaluates as expressions; Caravan processes are started by whoever may run queries");
    }
    checkContainer(process, problems);
  }

  // recursion per sub-process level only, which the depth limit of the scan bounds
  private void checkContainer(FlowElementsContainer container, Problems problems) {
    for (FlowElement element : container.getFlowElements()) {
      checkListeners(element, element.getId(), problems);
      checkName(element, problems);
      if (element instanceof FlowNode node) {
        checkNode(node, problems);
      } else if (element instanceof SequenceFlow flow) {
        checkFlow(flow, problems);
      }
      if (element instanceof SubProcess sub) {
        checkContainer(sub, problems);
      }
    }
    for (List<String> cycle : FlowCycles.unbounded(container, this::isBounded)) {
      FlowElement first = container.getFlowElement(cycle.get(0));
      problems.add(
          cycle.get(0),
          first == null ? 0 : first.getXmlRowNumber(),
          "loop through " + describeCycle(cycle) + " has no bound; put caravan:maxVisits=\"N\" (xmlns:caravan=\""
              + CaravanBpmn.NAMESPACE + "\") on a service task in it");
    }
  }

  private static String describeCycle(List<String> cycle) {
    if (cycle.size() <= CYCLE_LISTED) {
      return cycle.toString();
    }
    return "[" + String.join(", ", cycle.subList(0, CYCLE_LISTED)) + ", ...] (" + cycle.size() + " nodes)";
  }

  /** Flowable evaluates a name holding ${ or #{ as an expression whenever the element is entered. */
  private static void checkName(FlowElement element, Problems problems) {
    String name = element.getName();
    if (name != null && (name.contains("${") || name.contains("#{"))) {
      problems.add(element.getId(), element.getXmlRowNumber(), "name '" + CaravanExpressions.abbreviate(name)
          + "' holds an expression, which Flowable would evaluate; names are plain text");
    }
  }

  /** Every condition, wherever the flow starts: Flowable evaluates conditions on flows leaving any node. */
  private static void checkFlow(SequenceFlow flow, Problems problems) {
    String id = flow.getId();
    int line = flow.getXmlRowNumber();
    if (flow.getSkipExpression() != null && !flow.getSkipExpression().isBlank()) {
      problems.add(id, line, "has a skip expression ('" + CaravanExpressions.abbreviate(flow.getSkipExpression())
          + "'); Caravan never skips elements");
    }
    String condition = flow.getConditionExpression();
    if (condition == null || condition.isBlank()) {
      return;
    }
    if (flow.getConditionLanguage() != null && !flow.getConditionLanguage().isBlank()) {
      problems.add(id, line, "condition is written in the script language '" + flow.getConditionLanguage()
          + "'; conditions are Caravan conditions, never scripts: drop the language attribute");
      return;
    }
    try {
      Condition.parse(condition);
    } catch (InvalidConditionException e) {
      problems.add(id, line, "condition '" + CaravanExpressions.abbreviate(condition) + "' is not allowed: " + e.getMessage());
    }
  }

  private boolean isBounded(FlowNode node) {
    return node instanceof ServiceTask task
        && CaravanBpmn.isStepTask(task)
        && CaravanBpmn.maxVisits(task).isPresent();
  }

  private void checkNode(FlowNode node, Problems problems) {
    String id = node.getId();
    int line = node.getXmlRowNumber();
    if (node.isAsynchronous() || node.isAsynchronousLeave()) {
      problems.add(id, line, "is marked asynchronous; Caravan runs a process in one call on the caller's thread");
    }
    if (node instanceof Activity activity && activity.getLoopCharacteristics() != null) {
      problems.add(id, line, "has multi-instance loop characteristics, which Caravan does not run; draw a loop with a bound instead");
    }
    Optional<String> maxVisits = CaravanBpmn.maxVisitsAttribute(node);
    if (maxVisits.isPresent()) {
      if (!(node instanceof ServiceTask)) {
        problems.add(id, line, "caravan:maxVisits is only honoured on service tasks");
      } else if (!CaravanBpmn.isValidMaxVisits(maxVisits.get())) {
        problems.add(id, line, "caravan:maxVisits must be a whole number from 1 to " + CaravanBpmn.MAX_VISITS_LIMIT
            + ", was '" + maxVisits.get() + "'");
      }
    }

    if (node instanceof Event event && (!event.getInParameters().isEmpty() || !event.getOutParameters().isEmpty())) {
      problems.add(id, line, "event declares flowable:in or flowable:out parameters, which Flowable evaluates as expressions; "
          + "Caravan passes nothing along events");
    }

    if (node instanceof ServiceTask task) {
      checkServiceTask(task, problems);
    } else if (node instanceof ScriptTask) {
      problems.add(id, line, "script tasks are never allowed: a BPMN file runs no code; write a step (a Camel route) instead");
    } else if (node instanceof ExclusiveGateway || node instanceof InclusiveGateway) {
      checkGateway((Gateway) node, problems);
    } else if (node instanceof StartEvent start) {
      if (!start.getEventDefinitions().isEmpty()) {
        problems.add(id, line, "start event waits for a trigger (" + kinds(start.getEventDefinitions())
            + "); Caravan starts processes directly, use a plain start event");
      }
      if ((start.getFormKey() != null && !start.getFormKey().isBlank()) || !start.getFormProperties().isEmpty()) {
        problems.add(id, line, "start event declares a form, whose keys and properties Flowable evaluates as expressions; "
            + "Caravan starts processes directly, without forms");
      }
    } else if (node instanceof EndEvent end) {
      for (EventDefinition d : end.getEventDefinitions()) {
        if (!(d instanceof TerminateEventDefinition || d instanceof ErrorEventDefinition)) {
          problems.add(id, line, "end event throws a " + kind(d) + ", which Caravan does not support");
        }
      }
    } else if (node instanceof BoundaryEvent boundary) {
      for (EventDefinition d : boundary.getEventDefinitions()) {
        if (!(d instanceof ErrorEventDefinition)) {
          problems.add(id, line, "boundary event waits for a " + kind(d) + "; only error boundary events complete synchronously");
        }
      }
    } else if (node instanceof ThrowEvent thrown) {
      if (!thrown.getEventDefinitions().isEmpty()) {
        problems.add(id, line, "intermediate event throws a " + kinds(thrown.getEventDefinitions()) + ", which Caravan does not support");
      }
    } else if (!(node instanceof ParallelGateway
        || node.getClass() == SubProcess.class
        || node.getClass() == Task.class
        || node instanceof ManualTask)) {
      problems.add(id, line, "is a " + node.getClass().getSimpleName() + ", which Caravan does not run: a process holds "
          + "start/end events, service tasks (steps), exclusive/inclusive/parallel gateways and embedded sub-processes");
    }
  }

  private void checkServiceTask(ServiceTask task, Problems problems) {
    String id = task.getId();
    int line = task.getXmlRowNumber();
    if (!CaravanBpmn.isStepTask(task) || task.getClass() != ServiceTask.class) {
      problems.add(id, line, "service task runs " + describeImplementation(task)
          + "; BPMN files hold no Java: write flowable:delegateExpression=\"" + CaravanBpmn.STEP_DELEGATE_EXPRESSION
          + "\" with <flowable:field name=\"" + CaravanBpmn.STEP_FIELD + "\" stringValue=\"<step>\"/>");
      return;
    }
    Optional<FieldExtension> field = CaravanBpmn.stepField(task);
    if (field.isEmpty()) {
      problems.add(id, line, "step task has no <flowable:field name=\"" + CaravanBpmn.STEP_FIELD + "\" stringValue=\"...\"/> naming its step");
      return;
    }
    if (task.getSkipExpression() != null && !task.getSkipExpression().isBlank()) {
      problems.add(id, line, "has a skip expression ('" + CaravanExpressions.abbreviate(task.getSkipExpression())
          + "'); Caravan never skips elements");
    }
    if (!task.getMapExceptions().isEmpty()) {
      problems.add(id, line, "maps exceptions to Java classes; BPMN files hold no Java, and a failing step fails the run");
    }
    for (FieldExtension other : task.getFieldExtensions()) {
      boolean expression = other.getExpression() != null && !other.getExpression().isBlank();
      if (expression && !CaravanBpmn.STEP_FIELD.equals(other.getFieldName())) {
        problems.add(id, line, (other.getFieldName() == null ? "a field without a name" : "field '" + other.getFieldName() + "'")
            + " is an expression ('"
            + CaravanExpressions.abbreviate(other.getExpression()) + "'); BPMN files hold no Java");
      }
    }
    if (field.get().getExpression() != null && !field.get().getExpression().isBlank()) {
      problems.add(id, line, "step field is an expression ('" + field.get().getExpression() + "'); it must be a fixed step name (stringValue)");
      return;
    }
    String step = CaravanBpmn.stepName(task).orElse("");
    if (step.isEmpty()) {
      problems.add(id, line, "step field is empty; it must name a step");
    } else if (!StepRegistry.isValidName(step)) {
      problems.add(id, line, "step name '" + step + "' is not valid: letters, digits, '-', '_' or '.', starting with a letter or digit");
    } else if (!knownSteps.test(step)) {
      problems.add(id, line, "unknown step '" + step + "': no Java step or route is registered under that name"
          + " (a route implements it by consuming " + CaravanComponent.stepUri(step) + ")");
    }
  }

  private static String describeImplementation(ServiceTask task) {
    if (task.getType() != null) {
      return "a Flowable '" + task.getType() + "' task";
    }
    if (task.getImplementationType() == null) {
      return "nothing (no implementation)";
    }
    return "Java (" + task.getImplementationType() + " '" + task.getImplementation() + "')";
  }

  private static void checkGateway(Gateway gateway, Problems problems) {
    List<SequenceFlow> out = gateway.getOutgoingFlows();
    if (out.size() < 2) {
      return;
    }
    String kind = gateway instanceof ExclusiveGateway ? "exclusive" : "inclusive";
    String defaultFlow = gateway.getDefaultFlow();
    if (defaultFlow == null || defaultFlow.isBlank()) {
      problems.add(gateway.getId(), gateway.getXmlRowNumber(), kind + " gateway has " + out.size()
          + " outgoing flows and no default flow; mark one with default=\"flowId\" so that no query gets stuck");
      return;
    }
    if (out.stream().noneMatch(f -> defaultFlow.equals(f.getId()))) {
      problems.add(gateway.getId(), gateway.getXmlRowNumber(), "default flow '" + defaultFlow + "' does not leave this gateway");
    }
    for (SequenceFlow flow : out) {
      boolean conditioned = flow.getConditionExpression() != null && !flow.getConditionExpression().isBlank();
      if (!flow.getId().equals(defaultFlow) && !conditioned) {
        problems.add(flow.getId(), flow.getXmlRowNumber(), "flow leaves " + kind + " gateway '" + gateway.getId()
            + "' without a condition and is not its default flow");
      }
    }
  }

  private static void checkListeners(HasExecutionListeners element, String id, Problems problems) {
    if (!element.getExecutionListeners().isEmpty()) {
      int line = element instanceof BaseElement b ? b.getXmlRowNumber() : 0;
      problems.add(id, line, "declares execution listeners; BPMN files hold no Java");
    }
  }

  private static String kinds(List<EventDefinition> definitions) {
    return definitions.stream().map(BpmnValidator::kind).reduce((a, b) -> a + ", " + b).orElse("");
  }

  private static String kind(EventDefinition d) {
    return d.getClass().getSimpleName().replace("EventDefinition", "").toLowerCase(java.util.Locale.ROOT) + " event";
  }

  private static int lineOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SAXParseException sax && sax.getLineNumber() > 0) {
        return sax.getLineNumber();
      }
      if (t instanceof XMLStreamException xml) {
        Location location = xml.getLocation();
        if (location != null && location.getLineNumber() > 0) {
          return location.getLineNumber();
        }
      }
    }
    return 0;
  }

  /** The parser's own words, without the wrappers' prefixes and the location (reported as the line). */
  private static String parseError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SAXParseException sax) {
        return sax.getMessage();
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof StackOverflowError) {
      return "the document is more deeply built than the parser can follow";
    }
    String message = root.getMessage() != null ? root.getMessage() : "the parser stopped without saying why";
    int at = message.indexOf("Message: ");
    return at >= 0 ? message.substring(at + "Message: ".length()).strip() : message;
  }

  /** Collects problems of one resource in the order they were found. */
  private static final class Problems {
    private final String resource;
    private final List<ProcessProblem> list = new ArrayList<>();

    Problems(String resource) {
      this.resource = resource;
    }

    void add(String elementId, int line, String message) {
      list.add(new ProcessProblem(resource, elementId, line, message));
    }

    ValidationReport report(List<String> processIds) {
      return new ValidationReport(resource, processIds, list);
    }
  }
}
