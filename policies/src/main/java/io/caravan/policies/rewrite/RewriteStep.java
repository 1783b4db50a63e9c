package io.caravan.policies.rewrite;

import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Replaces the query text by its rewrite, so every later step (retrieval, generation) works on the
 * self-contained question, and keeps both: the rewrite under attribute {@value #REWRITE_ATTRIBUTE}
 * (what the CANARD evaluation scores), the question as asked under {@value #ORIGINAL_ATTRIBUTE},
 * and both in the trace. The history stays on the query for the generator. A blank rewrite (an LLM
 * that answered nothing) keeps the question as asked and says so in the trace.
 */
public final class RewriteStep implements Step {

  public static final String NAME = "rewrite";
  public static final String REWRITE_ATTRIBUTE = "rewrite";
  public static final String ORIGINAL_ATTRIBUTE = "rewrite.original";

  private final QueryRewriter rewriter;

  public RewriteStep(QueryRewriter rewriter) {
    this.rewriter = Objects.requireNonNull(rewriter, "rewriter");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    String original = state.query().text();
    String rewritten = rewriter.rewrite(state.query());
    boolean blank = rewritten == null || rewritten.isBlank();
    String text = blank ? original : rewritten.strip();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("rewriter", rewriter.name());
    inputs.put("original", original);
    inputs.put("rewrite", text);
    if (blank) {
      inputs.put("note", "the rewriter returned nothing; the question is kept as asked");
    }
    return Result.of(
        state
            .withQuery(state.query().withText(text))
            .withAttribute(REWRITE_ATTRIBUTE, text)
            .withAttribute(ORIGINAL_ATTRIBUTE, original),
        inputs);
  }
}
