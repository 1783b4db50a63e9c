package io.caravan.policies.rewrite;

import io.caravan.core.AttributeKey;
import io.caravan.core.Decision;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.Policy;
import io.caravan.core.spi.QueryTransformer;
import io.caravan.core.step.PolicyStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a question is retrieved in parts (ACQO): {@value #SPLIT} when the {@link
 * RuleSplitter} finds a comparison, a pair of subjects, joined questions or several constraints;
 * {@value #KEEP} otherwise. The payload is the rules' {@link RuleSplitter.Split}, which the
 * retrieval step reads through {@link #DECIDED_PARTS}; the signals show the pattern and the parts
 * (under {@value #PARTS_SIGNAL}) in the trace. The retrieval step may still ask an LLM splitter
 * for its own parts when one is configured.
 */
public final class DecomposePolicy implements Policy<RuleSplitter.Split> {

  public static final String NAME = "decompose";
  public static final String SPLIT = "SPLIT";
  public static final String KEEP = "KEEP";
  public static final String PARTS_SIGNAL = "parts";

  /** Where {@link PolicyStep} leaves this policy's decision. */
  public static final AttributeKey<Decision<RuleSplitter.Split>> DECISION = PolicyStep.decisionKey(NAME);

  /**
   * The splitter that retrieves the parts this policy decided on ({@value RuleSplitter#NAME}): the
   * payload of its decision, or the question alone when it has not run.
   */
  public static final QueryTransformer DECIDED_PARTS =
      new QueryTransformer() {
        @Override
        public String name() {
          return RuleSplitter.NAME;
        }

        @Override
        public List<Query> transform(Query query, RagState state) {
          return state.get(DECISION).map(d -> d.payload().queries(query)).orElse(List.of(query));
        }
      };

  private final RuleSplitter rules;
  private final boolean enabled;

  /** @param enabled false keeps every question whole (to measure what decomposition changes) */
  public DecomposePolicy(RuleSplitter rules, boolean enabled) {
    this.rules = rules;
    this.enabled = enabled;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decision<RuleSplitter.Split> decide(RagState state) {
    RuleSplitter.Split s = rules.analyse(state.query().text());
    Map<String, Object> signals = new LinkedHashMap<>();
    signals.put("pattern", s.pattern());
    signals.put(PARTS_SIGNAL, s.parts());
    if (!enabled) {
      return new Decision<>(NAME, KEEP, signals, "decomposition is off (caravan.decompose.mode=never)", s);
    }
    boolean split = s.parts().size() > 1;
    return new Decision<>(
        NAME,
        split ? SPLIT : KEEP,
        signals,
        split ? "a " + s.pattern() + " question: " + s.parts().size() + " parts retrieved separately and fused" : "one question, one retrieval",
        s);
  }
}
