package io.caravan.core.step;

import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.spi.Policy;
import io.caravan.core.spi.Step;

/**
 * Runs a policy and records its decision in the trace and in the state, under {@link
 * #attributeKey(String)}, where the process's gateway reads the choice.
 */
public final class PolicyStep implements Step {

  private final Policy policy;

  public PolicyStep(Policy policy) {
    this.policy = policy;
  }

  public static String attributeKey(String policyName) {
    return "decision." + policyName;
  }

  @Override
  public String name() {
    return policy.name();
  }

  @Override
  public Result run(RagState state) {
    Decision d = policy.decide(state);
    return Result.decided(state.withAttribute(attributeKey(policy.name()), d), d);
  }
}
