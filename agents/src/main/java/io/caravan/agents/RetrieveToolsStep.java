package io.caravan.agents;

import io.caravan.core.Access;
import io.caravan.core.Candidate;
import io.caravan.core.RagState;
import io.caravan.core.fusion.RankFusion;
import io.caravan.core.spi.Retriever;
import io.caravan.core.spi.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step {@value #NAME}: ranks the registered tools for the query with the tool index's retriever.
 * The whole ranking (at least {@code depth} tools) becomes the state's candidates; how many of them
 * the agent gets is the {@code tool-retrieval} policy's decision, made after this step.
 *
 * <p>Step {@value #AGAIN} ({@link #again}) runs after a rewrite: it ranks with the rewritten query
 * and fuses that ranking with the one already in the state (the original query's) by reciprocal
 * rank fusion, so the rewrite adds the tools' words without dropping what the user's own words
 * found. A query needing several tools is the case where this matters: expansion leans toward the
 * top tool's vocabulary, and the original ranking keeps the others in reach.
 *
 * <p>Each counts one retrieval call.
 */
public final class RetrieveToolsStep implements Step {

  public static final String NAME = "retrieve-tools";
  public static final String AGAIN = "retrieve-tools-again";

  private final Retriever retriever;
  private final int depth;
  private final RankFusion fusion; // null: replace the state's candidates instead of fusing with them

  private RetrieveToolsStep(Retriever retriever, int depth, RankFusion fusion) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be positive, was " + depth);
    }
    this.retriever = retriever;
    this.depth = depth;
    this.fusion = fusion;
  }

  public RetrieveToolsStep(Retriever retriever, int depth) {
    this(retriever, depth, null);
  }

  /** The second retrieval, after a rewrite: fuses its ranking with the state's by {@code fusion}. */
  public static RetrieveToolsStep again(Retriever retriever, int depth, RankFusion fusion) {
    return new RetrieveToolsStep(retriever, depth, java.util.Objects.requireNonNull(fusion, "fusion"));
  }

  @Override
  public String name() {
    return fusion == null ? NAME : AGAIN;
  }

  @Override
  public Result run(RagState state) {
    int n = Math.max(depth, state.query().k());
    // tools are the operator's (catalogue files, remote MCP servers), shared by every tenant: none is a
    // tenant's document, so the tool index is searched as its one tenant whoever asks
    List<Candidate> found = retriever.retrieve(state.query().withK(n).withAccess(Access.UNRESTRICTED));
    Map<String, Object> inputs = new LinkedHashMap<>();
    if (fusion != null) {
      Map<String, List<Candidate>> rankings = new LinkedHashMap<>();
      rankings.put("original", state.candidates());
      rankings.put("rewritten", found);
      found = fusion.fuse(rankings, n);
      inputs.put("fusion", fusion.name() + "(original, rewritten)");
    }
    inputs.put("retriever", retriever.name());
    inputs.put("query", state.query().text());
    inputs.put("depth", n);
    return Result.ranked(state.withCandidates(found).plusRetrievalCalls(1), inputs, 10);
  }
}
