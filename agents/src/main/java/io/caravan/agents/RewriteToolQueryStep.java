package io.caravan.agents;

import io.caravan.core.AttributeKey;
import io.caravan.core.Decision;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.QueryTransformer;
import io.caravan.core.spi.Step;
import io.caravan.policies.tools.ToolQueryExpansion;
import io.caravan.policies.tools.ToolRewritePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Step {@value #NAME}: applies the {@code tool-rewrite} decision through its rewriter: with a chat
 * model configured the model writes the rewrite ({@link LlmToolQueryRewriter}); otherwise the
 * embedded expansion the policy decided on ({@link ToolRewritePolicy#DECIDED_REWRITE}). The user's
 * own words stay in the attribute {@link #ORIGINAL}.
 */
public final class RewriteToolQueryStep implements Step {

  public static final String NAME = "rewrite-tool-query";
  public static final AttributeKey<String> ORIGINAL = AttributeKey.of("query.original", String.class);

  private final QueryTransformer rewriter;

  public RewriteToolQueryStep(QueryTransformer rewriter) {
    this.rewriter = Objects.requireNonNull(rewriter, "rewriter");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    Decision<ToolQueryExpansion.Expansion> d = state.get(ToolRewritePolicy.DECISION).orElse(null);
    if (d == null || !ToolRewritePolicy.REWRITE.equals(d.choice())) {
      throw new IllegalStateException("step " + NAME + " runs only after a " + ToolRewritePolicy.NAME + " decision to REWRITE");
    }
    String original = state.query().text();
    List<Query> out = rewriter.transform(state.query(), state);
    String rewritten = out.isEmpty() ? original : out.get(0).text();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("rewriter", rewriter.name());
    inputs.put("query", original);
    inputs.put("rewritten", rewritten);
    return Result.of(state.with(ORIGINAL, state.get(ORIGINAL).orElse(original)).withQuery(state.query().withText(rewritten)), inputs);
  }
}
