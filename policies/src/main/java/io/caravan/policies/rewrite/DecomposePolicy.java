package io.caravan.policies.rewrite;

import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.spi.Policy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides whether a question is retrieved in parts (ACQO): {@value #SPLIT} when the {@link
 * RuleSplitter} finds a comparison, a pair of subjects, joined questions or several constraints;
 * {@value #KEEP} otherwise. The signals carry the pattern and the parts the rules would retrieve
 * (under {@value #PARTS_SIGNAL}); the retrieval step may still ask an LLM splitter for its own
 * parts when one is configured.
 */
public final class DecomposePolicy implements Policy {

  public static final String NAME = "decompose";
  public static final String SPLIT = "SPLIT";
  public static final String KEEP = "KEEP";
  public static final String PARTS_SIGNAL = "parts";

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
  public Decision decide(RagState state) {
    RuleSplitter.Split s = rules.analyse(state.query().text());
    Map<String, Object> signals = new LinkedHashMap<>();
    signals.put("pattern", s.pattern());
    signals.put(PARTS_SIGNAL, s.parts());
    if (!enabled) {
      return new Decision(NAME, KEEP, signals, "decomposition is off (caravan.decompose.mode=never)");
    }
    boolean split = s.parts().size() > 1;
    return new Decision(
        NAME,
        split ? SPLIT : KEEP,
        signals,
        split ? "a " + s.pattern() + " question: " + s.parts().size() + " parts retrieved separately and fused" : "one question, one retrieval");
  }
}
