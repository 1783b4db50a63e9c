package io.caravan.agents;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import io.caravan.core.fusion.RankFusion;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.QueryTransformer;
import io.caravan.core.spi.Step;
import io.caravan.core.step.PolicyStep;
import io.caravan.policies.tools.ToolQueryExpansion;
import io.caravan.policies.tools.ToolRetrievalPolicy;
import io.caravan.policies.tools.ToolRewritePolicy;
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

  public Tools(Encoder encoder, CamelContext camel, ToolSettings settings, RankFusion fusion, Optional<ChatModel> chat, ObjectMapper json) {
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

  @Override
  public void close() {
    index.close();
  }
}
