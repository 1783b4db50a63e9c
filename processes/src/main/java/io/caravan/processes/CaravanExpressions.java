package io.caravan.processes;

import io.caravan.processes.condition.Condition;
import io.caravan.processes.condition.InvalidConditionException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.common.engine.api.delegate.Expression;
import org.flowable.common.engine.api.delegate.FlowableFunctionDelegate;
import org.flowable.common.engine.api.variable.VariableContainer;
import org.flowable.common.engine.impl.el.ExpressionManager;
import org.flowable.common.engine.impl.el.FlowableAstFunctionCreator;
import org.flowable.common.engine.impl.el.FlowableFunctionResolverFactory;
import org.flowable.common.engine.impl.javax.el.ELContext;
import org.flowable.common.engine.impl.scripting.FlowableScriptEngine;

/**
 * The engine's only source of expressions, in place of Flowable's JUEL: it creates exactly two
 * kinds, the step delegate {@code ${caravanStep}} and a {@link Condition} over the transient
 * variable {@code run}. Any other text (a method call, a bean, a variable, a literal string) fails
 * when the engine asks for it, at deploy for what Flowable builds then (delegates, fields, skip
 * expressions) and when a run reaches it otherwise (sequence-flow conditions, names holding
 * {@code ${}), so even a definition deployed around {@link BpmnValidator} cannot reach the JVM
 * through an expression. {@link #NO_SCRIPTS} does the same for scripts.
 *
 * <p>Cost: one parse per distinct condition text (cached; the engine asks again at every gateway);
 * evaluating is a walk over a handful of nodes. Thread-safe.
 */
final class CaravanExpressions implements ExpressionManager {

  /** Script tasks, script conditions and script listeners all end here: BPMN files never run scripts. */
  static final FlowableScriptEngine NO_SCRIPTS = () -> {
    throw new FlowableException("Caravan runs no scripts from BPMN files; write a step (a Camel route) instead");
  };

  // distinct condition texts are few (those of the deployed processes); the bound only stops a
  // definition deployed through engine() with endless variants from growing the cache forever
  private static final int CACHE_LIMIT = 4096;

  private final StepExpression step;
  private final Map<String, Expression> cache = new ConcurrentHashMap<>();

  CaravanExpressions(CamelStepTask stepTask) {
    this.step = new StepExpression(Objects.requireNonNull(stepTask, "stepTask"));
  }

  @Override
  public Expression createExpression(String text) {
    if (text == null) {
      throw new FlowableException("an empty expression is not allowed");
    }
    if (CaravanBpmn.STEP_DELEGATE_EXPRESSION.equals(text.strip())) {
      return step;
    }
    Expression known = cache.get(text);
    if (known != null) {
      return known;
    }
    Expression created;
    try {
      created = new ConditionExpression(Condition.parse(text));
    } catch (InvalidConditionException e) {
      throw new FlowableException("expression '" + abbreviate(text) + "' is not a Caravan condition: " + e.getMessage()
          + ". Caravan evaluates only " + CaravanBpmn.STEP_DELEGATE_EXPRESSION + " and conditions over run");
    }
    if (cache.size() < CACHE_LIMIT) {
      cache.putIfAbsent(text, created);
    }
    return created;
  }

  static String abbreviate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
  }

  /** No EL context exists: nothing in Caravan's engine evaluates JUEL. */
  @Override
  public ELContext getElContext(VariableContainer variableContainer) {
    throw new FlowableException("Caravan's engine has no expression language context; expressions are Caravan conditions");
  }

  @Override
  public Map<Object, Object> getBeans() {
    return Map.of(CaravanBpmn.STEP_BEAN, step.task);
  }

  @Override
  public void setBeans(Map<Object, Object> beans) {
    if (beans != null && !beans.isEmpty()) {
      throw new UnsupportedOperationException("Caravan's engine exposes no beans to expressions");
    }
  }

  // Flowable hands its default functions (variables:get and friends) to every expression manager at
  // engine start; conditions have no functions, so they are accepted and never used
  @Override
  public List<FlowableFunctionDelegate> getFunctionDelegates() {
    return List.of();
  }

  @Override
  public void setFunctionDelegates(List<FlowableFunctionDelegate> functionDelegates) {}

  @Override
  public List<FlowableAstFunctionCreator> getAstFunctionCreators() {
    return List.of();
  }

  @Override
  public void setAstFunctionCreators(List<FlowableAstFunctionCreator> astFunctionCreators) {}

  @Override
  public FlowableFunctionResolverFactory getFunctionResolverFactory() {
    return null;
  }

  @Override
  public void setFunctionResolverFactory(FlowableFunctionResolverFactory functionResolverFactory) {}

  /** {@code ${caravanStep}}: the shared step delegate. */
  private static final class StepExpression implements Expression {
    private static final long serialVersionUID = 1L;
    private final transient CamelStepTask task;

    StepExpression(CamelStepTask task) {
      this.task = task;
    }

    @Override
    public Object getValue(VariableContainer variableContainer) {
      return task;
    }

    @Override
    public void setValue(Object value, VariableContainer variableContainer) {
      throw new FlowableException(CaravanBpmn.STEP_DELEGATE_EXPRESSION + " cannot be assigned");
    }

    @Override
    public String getExpressionText() {
      return CaravanBpmn.STEP_DELEGATE_EXPRESSION;
    }
  }

  /** A condition over the run; the engine takes its Boolean as the flow's verdict. */
  private static final class ConditionExpression implements Expression {
    private static final long serialVersionUID = 1L;
    private final transient Condition condition;

    ConditionExpression(Condition condition) {
      this.condition = condition;
    }

    @Override
    public Object getValue(VariableContainer variables) {
      Object run = variables == null ? null : variables.getVariable(CaravanBpmn.RUN_VARIABLE);
      if (!(run instanceof ProcessRun processRun)) {
        throw new FlowableException("condition " + condition + " needs the transient variable '" + CaravanBpmn.RUN_VARIABLE
            + "': Caravan conditions run only in processes started by ProcessRunner");
      }
      return condition.test(processRun);
    }

    @Override
    public void setValue(Object value, VariableContainer variableContainer) {
      throw new FlowableException("condition " + condition + " cannot be assigned");
    }

    @Override
    public String getExpressionText() {
      return condition.text();
    }
  }
}
