package io.caravan.agents;

import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import io.caravan.core.step.PolicyStep;
import io.caravan.policies.tools.ToolRewritePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step {@value #NAME}: applies the {@code tool-rewrite} decision. With a chat model configured the
 * model writes the rewrite ({@link LlmToolQueryRewriter}); otherwise the embedded expansion the
 * policy computed is used. The user's own words stay in the attribute {@value #ORIGINAL}.
 */
public final class RewriteToolQueryStep implements Step {

  public static final String NAME = "rewrite-tool-query";
  public static final String ORIGINAL = "query.original";
  private static final int LLM_TOOLS = 5;

  private final ToolRegistry registry;
  private final Optional<LlmToolQueryRewriter> llm;

  public RewriteToolQueryStep(ToolRegistry registry, Optional<LlmToolQueryRewriter> llm) {
    this.registry = registry;
    this.llm = llm;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    Decision d = state.attribute(PolicyStep.attributeKey(ToolRewritePolicy.NAME), null);
    if (d == null || !ToolRewritePolicy.REWRITE.equals(d.choice())) {
      throw new IllegalStateException("step " + NAME + " runs only after a " + ToolRewritePolicy.NAME + " decision to REWRITE");
    }
    String original = state.query().text();
    String rewritten;
    String by;
    if (llm.isPresent()) {
      List<ToolDescriptor> top = new ArrayList<>();
      for (Candidate c : state.candidates().subList(0, Math.min(LLM_TOOLS, state.candidates().size()))) {
        registry.get(c.docId()).ifPresent(top::add);
      }
      rewritten = llm.get().rewrite(original, top);
      by = "chat-model";
    } else {
      rewritten = String.valueOf(d.signals().get("rewritten"));
      by = "embedded";
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("rewriter", by);
    inputs.put("query", original);
    inputs.put("rewritten", rewritten);
    return Result.of(
        state
            .withAttribute(ORIGINAL, state.attribute(ORIGINAL, original))
            .withQuery(state.query().withText(rewritten)),
        inputs);
  }
}
