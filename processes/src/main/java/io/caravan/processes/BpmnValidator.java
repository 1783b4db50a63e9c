package io.caravan.processes;

import io.caravan.core.step.StepRegistry;
import io.caravan.processes.camel.CaravanComponent;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.flowable.bpmn.converter.BpmnXMLConverter;
import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.ErrorEventDefinition;
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
 * element id and line: first that it parses (against the BPMN 2.0 schema, with external entities
 * off), then Flowable's own validator, then Caravan's rules:
 *
 * <ul>
 *   <li>a service task is a step task ({@link CaravanBpmn}) naming, as a fixed string, a step that
 *       {@code knownSteps} accepts; classes, expressions, other delegates, typed tasks (camel, http,
 *       ...) and listeners are refused, because BPMN files hold no Java;
 *   <li>an exclusive or inclusive gateway with several outgoing flows has a default flow, and its
 *       other flows have conditions, so that no query can get stuck at it;
 *   <li>every cycle of sequence flows passes a service task with {@code caravan:maxVisits="N"}
 *       (N &gt;= 1), which the run enforces;
 *   <li>script tasks only when allowed;
 *   <li>one executable process per file, with an id, a start event and an end event, built only
 *       from elements that complete synchronously (no user tasks, timers, messages, async flags or
 *       multi-instance), since a run is one call on the caller's thread.
 * </ul>
 *
 * <p>Cost: one schema-validated parse plus walks linear in the size of the model; meant for deploy
 * time, never per query. Thread-safe: no state beyond its settings.
 */
public final class BpmnValidator {

  private static final String DOCUMENT = null;
  private static final String BPMN_MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL";

  private final Predicate<String> knownSteps;
  private final boolean allowScripts;

  public BpmnValidator(Predicate<String> knownSteps, boolean allowScripts) {
    this.knownSteps = Objects.requireNonNull(knownSteps, "knownSteps");
    this.allowScripts = allowScripts;
  }

  public ValidationReport validate(String resourceName, byte[] bpmnXml) {
    if (resourceName == null || resourceName.isBlank()) {
      throw new IllegalArgumentException("resource name must not be blank");
    }
    Objects.requireNonNull(bpmnXml, "bpmnXml");
    Problems problems = new Problems(resourceName);
    BpmnModel model;
    try {
      model = new BpmnXMLConverter().convertToBpmnModel(() -> new ByteArrayInputStream(bpmnXml), true, true);
    } catch (RuntimeException e) {
      problems.add(DOCUMENT, lineOf(e), "not a readable BPMN 2.0 document: " + parseError(e));
      return problems.report(List.of());
    }

    // Flowable's converter drops a <process> without an id silently, so look for those in the XML
    int declared = checkProcessIds(bpmnXml, problems);
    List<Process> processes = model.getProcesses();
    if (declared == 0) {
      problems.add(DOCUMENT, 0, "the file defines no process");
    } else if (processes.size() > 1) {
      problems.add(DOCUMENT, 0, "the file defines " + processes.size() + " processes; Caravan deploys one process per file");
    }

    ProcessValidator flowable = new ProcessValidatorFactory().createDefaultProcessValidator();
    for (ValidationError error : flowable.validate(model)) {
      if (!error.isWarning()) {
        String what = error.getDefaultDescription() != null ? error.getDefaultDescription() : error.getProblem();
        problems.add(error.getActivityId(), error.getXmlLineNumber(), "Flowable: " + what);
      }
    }

    List<String> ids = new ArrayList<>();
    for (Process process : processes) {
      checkProcess(process, problems);
      ids.add(process.getId());
    }
    return problems.report(ids);
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
    checkContainer(process, problems);
  }

  private void checkContainer(FlowElementsContainer container, Problems problems) {
    for (FlowElement element : container.getFlowElements()) {
      checkListeners(element, element.getId(), problems);
      if (element instanceof FlowNode node) {
        checkNode(node, problems);
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
          "loop through " + cycle + " has no bound; put caravan:maxVisits=\"N\" (xmlns:caravan=\""
              + CaravanBpmn.NAMESPACE + "\") on a service task in it");
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
      } else if (CaravanBpmn.maxVisits(node).isEmpty()) {
        problems.add(id, line, "caravan:maxVisits must be a whole number of at least 1, was '" + maxVisits.get() + "'");
      }
    }

    if (node instanceof ServiceTask task) {
      checkServiceTask(task, problems);
    } else if (node instanceof ScriptTask) {
      if (!allowScripts) {
        problems.add(id, line, "script tasks are not allowed (BPMN files hold no code); write a step, or enable allowScripts");
      }
    } else if (node instanceof ExclusiveGateway || node instanceof InclusiveGateway) {
      checkGateway((Gateway) node, problems);
    } else if (node instanceof StartEvent start) {
      if (!start.getEventDefinitions().isEmpty()) {
        problems.add(id, line, "start event waits for a trigger (" + kinds(start.getEventDefinitions())
            + "); Caravan starts processes directly, use a plain start event");
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
    String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    int at = message.indexOf("Message: ");
    return at >= 0 ? message.substring(at + "Message: ".length()).strip() : message;
  }

  /** Counts the {@code <process>} elements and reports those without an id; secure StAX, no DTDs. */
  private static int checkProcessIds(byte[] xml, Problems problems) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    int count = 0;
    try {
      XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      try {
        while (reader.hasNext()) {
          if (reader.next() == XMLStreamConstants.START_ELEMENT
              && "process".equals(reader.getLocalName())
              && BPMN_MODEL.equals(reader.getNamespaceURI())) {
            count++;
            String id = reader.getAttributeValue(null, "id");
            if (id == null || id.isBlank()) {
              problems.add(DOCUMENT, reader.getLocation().getLineNumber(),
                  "a process has no id; the id is the key runs start it by");
            }
          }
        }
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      // Flowable parsed this document a moment ago, so this cannot happen short of a JDK bug
      throw new IllegalStateException("document parsed once but not twice", e);
    }
    return count;
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
