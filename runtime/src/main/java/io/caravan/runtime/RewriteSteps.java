package io.caravan.runtime;

import dev.langchain4j.model.chat.ChatModel;
import io.caravan.connectors.generation.ChatModelRewriter;
import io.caravan.connectors.generation.ChatModelSettings;
import io.caravan.connectors.generation.ChatModelSplitter;
import io.caravan.connectors.lucene.DocumentFrequencies;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.RetrieverKind;
import io.caravan.connectors.lucene.prf.FeedbackRetrieveStep;
import io.caravan.connectors.lucene.prf.Rm3Expansion;
import io.caravan.connectors.lucene.prf.RocchioFeedback;
import io.caravan.core.fusion.RankFusion;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.fusion.ScoreInterpolation;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.QueryTransformer;
import io.caravan.core.spi.Retriever;
import io.caravan.core.spi.Step;
import io.caravan.core.step.PolicyStep;
import io.caravan.core.step.RewriteStep;
import io.caravan.core.step.SubQueryRetrieveStep;
import io.caravan.core.step.TermSpecificityStep;
import io.caravan.policies.rewrite.ConversationalRewriter;
import io.caravan.policies.rewrite.DecomposePolicy;
import io.caravan.policies.rewrite.FeedbackPolicy;
import io.caravan.policies.rewrite.RewriteNeedPolicy;
import io.caravan.policies.rewrite.RuleSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query-rewriting nodes any process can use, built from the {@code caravan.rewrite.*}, {@code
 * caravan.prf.*} and {@code caravan.decompose.*} settings:
 *
 * <ul>
 *   <li>{@code term-specificity} (the index's document frequencies of the conversation's words),
 *       {@code needs-rewrite} (policy, REWRITE/KEEP) and {@code rewrite}: conversational rewriting,
 *       embedded or through the configured chat model ({@code caravan.rewrite.rewriter=llm});
 *   <li>{@code decompose} (policy, SPLIT/KEEP) and {@code retrieve-decomposed}: sub-queries fused;
 *   <li>{@code prf} (policy, APPLY/SKIP) and {@code retrieve-prf}: RM3 under BM25, Rocchio under
 *       dense, both interpolated under hybrid, following {@code caravan.retriever}.
 * </ul>
 */
final class RewriteSteps {

  /** The steps {@link #build} makes, by the names processes use. */
  static final List<String> NAMES = List.of("term-specificity", "needs-rewrite", "rewrite", "decompose", "retrieve-decomposed", "prf", "retrieve-prf");

  private RewriteSteps() {}

  static List<Step> build(
      CaravanSettings settings,
      LuceneIndex index,
      Encoder queryEncoder,
      Retriever retriever,
      Optional<ChatModel> chat,
      Optional<String> chatName) {
    List<Step> steps = new ArrayList<>();
    DocumentFrequencies df = new DocumentFrequencies(index);
    ConversationalRewriter embedded =
        new ConversationalRewriter(
            settings.intValue("caravan.rewrite.window", 1, 1000),
            settings.doubleValue("caravan.rewrite.decay", 0.01, 1),
            settings.intValue("caravan.rewrite.short-question", 0, 1000));
    steps.add(new TermSpecificityStep(df::specificity, embedded::wordsToWeigh));
    steps.add(new PolicyStep(new RewriteNeedPolicy(embedded)));
    steps.add(new RewriteStep(rewriter(settings, embedded, chat, chatName)));

    RuleSplitter rules = new RuleSplitter();
    steps.add(new PolicyStep(new DecomposePolicy(rules, settings.oneOf("caravan.decompose.mode", java.util.Set.of("rules", "never")).equals("rules"))));
    QueryTransformer splitter =
        settings.oneOf("caravan.decompose.splitter", java.util.Set.of("rules", "llm")).equals("llm")
            ? new ChatModelSplitter(requireChat(chat, "caravan.decompose.splitter=llm"), chatName.orElse("chat model"), 4)
            : DecomposePolicy.DECIDED_PARTS;
    steps.add(
        new SubQueryRetrieveStep(
            retriever,
            fusion(settings.oneOf("caravan.decompose.fusion", java.util.Set.of("rrf", "interpolated"))),
            settings.retrieveDepth(),
            splitter,
            Boolean.parseBoolean(settings.oneOf("caravan.decompose.keep-original", java.util.Set.of("true", "false")))));

    steps.add(
        new PolicyStep(
            new FeedbackPolicy(
                FeedbackPolicy.Mode.parse(settings.oneOf("caravan.prf.mode", java.util.Set.of("always", "uncertain", "never"))),
                10,
                settings.doubleValue("caravan.prf.max-gap", 0, 1),
                settings.doubleValue("caravan.prf.min-entropy", 0, 1))));
    int fbDocs = settings.intValue("caravan.prf.fb-docs", 1, 1000);
    RetrieverKind kind = RetrieverKind.parse(settings.retriever());
    Optional<Rm3Expansion> rm3 =
        !kind.usesBm25()
            ? Optional.empty()
            : Optional.of(
                new Rm3Expansion(
                    index,
                    fbDocs,
                    settings.intValue("caravan.prf.fb-terms", 1, 1000),
                    settings.doubleValue("caravan.prf.original-weight", 0, 1),
                    1.0));
    Optional<RocchioFeedback> rocchio =
        !kind.usesVectors()
            ? Optional.empty()
            : Optional.of(new RocchioFeedback(index, fbDocs, 1.0, settings.doubleValue("caravan.prf.rocchio-beta", 0, 10)));
    steps.add(new FeedbackRetrieveStep(index, rm3, rocchio, queryEncoder, settings.fusion(), settings.retrieveDepth()));
    return steps;
  }

  private static QueryTransformer rewriter(
      CaravanSettings settings, ConversationalRewriter embedded, Optional<ChatModel> chat, Optional<String> chatName) {
    if (settings.oneOf("caravan.rewrite.rewriter", java.util.Set.of("embedded", "llm")).equals("embedded")) {
      return embedded;
    }
    return new ChatModelRewriter(requireChat(chat, "caravan.rewrite.rewriter=llm"), chatName.orElse("chat model"));
  }

  private static ChatModel requireChat(Optional<ChatModel> chat, String what) {
    return chat.orElseThrow(
        () -> new IllegalArgumentException(
            "setting " + what + " needs a chat model: set " + ChatModelSettings.ENV_BASE_URL + " and " + ChatModelSettings.ENV_MODEL
                + " (an OpenAI-compatible server), or caravan.generator=llm (the in-process model), or give Caravan.builder() a chatModel(...)"));
  }

  private static RankFusion fusion(String kind) {
    return kind.equals("rrf") ? new ReciprocalRankFusion() : new ScoreInterpolation(Map.of());
  }
}
