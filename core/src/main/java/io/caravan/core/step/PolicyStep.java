package io.caravan.core.step;

import io.caravan.core.AttributeKey;
import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.spi.Policy;
import io.caravan.core.spi.Step;

/**
 * Runs a policy and records its decision in the trace and in the state, under {@link
 * #decisionKey(String)}, where the process's gateway reads the choice and later steps the payload.
 */
public final class PolicyStep implements Step {

  private final Policy<?> policy;

  public PolicyStep(Policy<?> policy) {
    this.policy = policy;
  }

  /** The name of the attribute holding the decision of the policy named {@code policyName} (what BPMN conditions read). */
  public static String attributeKey(String policyName) {
    return "decision." + policyName;
  }

  /**
   * The key under which this step stores the decision of the policy named {@code policyName}; a
   * policy whose decisions carry a payload declares it with its payload type, for the steps after it.
   */
  public static <P> AttributeKey<Decision<P>> decisionKey(String policyName) {
    return AttributeKey.of(attributeKey(policyName), Decision.class);
  }

  @Override
  public String name() {
    return policy.name();
  }

  @Override
  public Result run(RagState state) {
    Decision<?> d = policy.decide(state);
    return Result.decided(state.with(decisionKey(policy.name()), d), d);
  }
}
