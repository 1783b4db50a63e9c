package io.caravan.processes;

import java.util.Optional;
import java.util.OptionalInt;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.ImplementationType;
import org.flowable.bpmn.model.ServiceTask;

/**
 * The BPMN authoring contract of Caravan, in one place. A step is a service task
 *
 * <pre>{@code
 * <serviceTask id="retrieve" flowable:delegateExpression="${caravanStep}" caravan:maxVisits="3">
 *   <extensionElements><flowable:field name="step" stringValue="retrieve"/></extensionElements>
 * </serviceTask>
 * }</pre>
 *
 * with {@code xmlns:caravan="http://caravan.io/bpmn"}; {@code caravan:maxVisits} is optional
 * except on cycles, which need it on at least one of their service tasks. Gateways read the state
 * through the transient variable {@code run} (a {@link ProcessRun}).
 */
public final class CaravanBpmn {

  public static final String NAMESPACE = "http://caravan.io/bpmn";
  public static final String MAX_VISITS = "maxVisits";
  /**
   * The largest {@code caravan:maxVisits} a deploy accepts: a loop is a retry or a refinement, and a
   * bound in the millions is no bound for a query someone waits on.
   */
  public static final int MAX_VISITS_LIMIT = 1000;
  /** Bean name of the delegate every step task points at. */
  public static final String STEP_BEAN = "caravanStep";
  public static final String STEP_DELEGATE_EXPRESSION = "${" + STEP_BEAN + "}";
  public static final String STEP_FIELD = "step";
  /** Transient variable holding the {@link ProcessRun}. */
  public static final String RUN_VARIABLE = "run";
  /** Regular variable holding the trace as JSON, written in the history modes that keep it. */
  public static final String TRACE_VARIABLE = "caravanTrace";
  /** Regular variable holding the query text, written in the history modes that keep it. */
  public static final String QUERY_VARIABLE = "caravanQuery";

  private CaravanBpmn() {}

  /** Whether the task is written as a Caravan step task (whatever its step field says). */
  public static boolean isStepTask(ServiceTask task) {
    return task.getType() == null
        && ImplementationType.IMPLEMENTATION_TYPE_DELEGATEEXPRESSION.equals(task.getImplementationType())
        && STEP_DELEGATE_EXPRESSION.equals(task.getImplementation() == null ? null : task.getImplementation().strip());
  }

  /** The {@code step} field extension of a service task, if it has one. */
  public static Optional<FieldExtension> stepField(ServiceTask task) {
    return task.getFieldExtensions().stream().filter(f -> STEP_FIELD.equals(f.getFieldName())).findFirst();
  }

  /** The fixed step name of a task, if the task names one as a string value. */
  public static Optional<String> stepName(FlowElement element) {
    if (!(element instanceof ServiceTask task)) {
      return Optional.empty();
    }
    return stepField(task).map(FieldExtension::getStringValue).map(String::strip).filter(s -> !s.isEmpty());
  }

  /** The raw {@code caravan:maxVisits} attribute, if present. */
  public static Optional<String> maxVisitsAttribute(BaseElement element) {
    return Optional.ofNullable(element.getAttributeValue(NAMESPACE, MAX_VISITS));
  }

  /**
   * The visit bound of an element, if it carries a whole number of at least 1; a larger one than
   * {@link #MAX_VISITS_LIMIT} (only in a definition deployed around the validator) counts as that.
   */
  public static OptionalInt maxVisits(BaseElement element) {
    Optional<String> raw = maxVisitsAttribute(element);
    if (raw.isEmpty()) {
      return OptionalInt.empty();
    }
    String digits = raw.get().strip();
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalInt.empty(); // the validator reports it; an unparsable bound is no bound
    }
    String significant = digits.replaceFirst("^0+", "");
    if (significant.isEmpty()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(significant.length() > 4 ? MAX_VISITS_LIMIT : Math.min(Integer.parseInt(significant), MAX_VISITS_LIMIT));
  }

  /** Whether the raw attribute is a bound a deploy accepts: a whole number from 1 to {@link #MAX_VISITS_LIMIT}. */
  static boolean isValidMaxVisits(String raw) {
    String s = raw.strip();
    if (s.isEmpty() || s.length() > 4 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    int n = Integer.parseInt(s);
    return n >= 1 && n <= MAX_VISITS_LIMIT;
  }
}
