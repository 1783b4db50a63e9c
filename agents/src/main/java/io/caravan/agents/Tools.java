package io.caravan.agents;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import io.caravan.agents.mcp.RemoteMcpServer;
import io.caravan.agents.mcp.RemoteMcpTools;
import io.caravan.core.fusion.RankFusion;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.QueryTransformer;
import io.caravan.core.spi.Step;
import io.caravan.core.step.PolicyStep;
import io.caravan.policies.tools.ToolQueryExpansion;
import io.caravan.policies.tools.ToolRetrievalPolicy;
import io.caravan.policies.tools.ToolRewritePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;

/**
 * The tool side of one Caravan instance, wired: the registry, the tool index following it, the
 * caller that runs tools through Camel, and the steps the {@code tool-search} and {@code tool-agent}
 * processes name ({@code retrieve-tools}, {@code tool-rewrite}, {@code retrieve-tools-again}, {@code rewrite-tool-query}, {@code
 * tool-retrieval}, {@code agent-turn}, {@code agent-stop}). With a chat model the agent and the LLM
 * rewriter use it; without one the processes still retrieve and report tools.
 */
public final class Tools implements AutoCloseable {

  private final ToolRegistry registry;
  private final ToolIndex index;
  private final ToolSchemas schemas;
  private final ToolCaller caller;
  private final List<Step> steps;
  private final CamelContext camel;
  private final ObjectMapper json;
  private RemoteMcpTools remote;

  public Tools(Encoder encoder, CamelContext camel, ToolSettings settings, RankFusion fusion, Optional<ChatModel> chat, ObjectMapper json) {
    this.camel = camel;
    this.json = json;
    this.registry = new ToolRegistry();
    this.schemas = new ToolSchemas(json);
    this.index = ToolIndex.following(registry, encoder);
    this.caller = new ToolCaller(camel.createProducerTemplate(), schemas, new ArgumentValidator(), json);
    Optional<ToolAgent> agent = chat.map(m -> new ToolAgent(m, caller, schemas));
    this.steps =
        List.of(
            new RetrieveToolsStep(index.retriever(settings.retriever(), fusion, settings.depth()), settings.depth()),
            RetrieveToolsStep.again(index.retriever(settings.retriever(), fusion, settings.depth()), settings.depth(), new ReciprocalRankFusion()),
            new PolicyStep(new ToolRewritePolicy(settings.rewrite(), settings.minUnknownShare(), ToolQueryExpansion.DEFAULT, index::vocabulary)),
            new RewriteToolQueryStep(chat.<QueryTransformer>map(m -> new LlmToolQueryRewriter(m, registry)).orElse(ToolRewritePolicy.DECIDED_REWRITE)),
            new PolicyStep(new ToolRetrievalPolicy(settings.minK(), settings.budget(), settings.minGap())),
            new AgentTurnStep(agent, registry),
            new AgentStopStep());
  }

  public ToolRegistry registry() {
    return registry;
  }

  public ToolIndex index() {
    return index;
  }

  public ToolSchemas schemas() {
    return schemas;
  }

  public ToolCaller caller() {
    return caller;
  }

  public List<Step> steps() {
    return steps;
  }

  /**
   * Registers the tools of remote MCP servers and the route that calls them ({@link
   * RemoteMcpTools}); once, before the Camel context starts. A server that does not answer within
   * {@code timeout} is left out with a warning.
   */
  public synchronized RemoteMcpTools connectMcp(List<RemoteMcpServer> servers, Duration timeout) throws Exception {
    if (remote != null) {
      throw new IllegalStateException("the MCP servers are connected already");
    }
    RemoteMcpTools r = RemoteMcpTools.connect(servers, timeout, registry, schemas, json);
    try {
      camel.addRoutes(r.routes());
    } catch (Exception e) {
      r.close();
      throw e;
    }
    remote = r;
    return r;
  }

  /** The remote MCP servers' tools, when {@link #connectMcp} ran. */
  public synchronized Optional<RemoteMcpTools> remote() {
    return Optional.ofNullable(remote);
  }

  @Override
  public void close() {
    try {
      synchronized (this) {
        if (remote != null) {
          remote.close();
        }
      }
    } finally {
      index.close();
    }
  }
}
