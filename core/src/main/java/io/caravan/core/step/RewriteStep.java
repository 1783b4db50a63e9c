package io.caravan.core.step;

import io.caravan.core.AttributeKey;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.spi.QueryTransformer;
import io.caravan.core.spi.Step;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replaces the query text by its rewrite (the first query the rewriter returns), so every later
 * step (retrieval, generation) works on the self-contained question, and keeps both: the rewrite
 * under {@link #REWRITE} (what the CANARD evaluation scores), the question as asked under {@link
 * #ORIGINAL}, and both in the trace. The history stays on the query for the generator. A blank
 * rewrite (an LLM that answered nothing) keeps the question as asked and says so in the trace.
 */
public final class RewriteStep implements Step {

  public static final String NAME = "rewrite";
  public static final AttributeKey<String> REWRITE = AttributeKey.of("rewrite", String.class);
  public static final AttributeKey<String> ORIGINAL = AttributeKey.of("rewrite.original", String.class);

  private final QueryTransformer rewriter;

  public RewriteStep(QueryTransformer rewriter) {
    this.rewriter = Objects.requireNonNull(rewriter, "rewriter");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    String original = state.query().text();
    List<Query> rewritten = rewriter.transform(state.query(), state);
    boolean blank = rewritten == null || rewritten.isEmpty() || rewritten.get(0).text().isBlank();
    String text = blank ? original : rewritten.get(0).text().strip();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("rewriter", rewriter.name());
    inputs.put("original", original);
    inputs.put("rewrite", text);
    if (blank) {
      inputs.put("note", "the rewriter returned nothing; the question is kept as asked");
    }
    return Result.of(state.withQuery(state.query().withText(text)).with(REWRITE, text).with(ORIGINAL, original), inputs);
  }
}
