package io.caravan.policies.rewrite;

import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.spi.Policy;

/**
 * Decides whether a question needs rewriting before retrieval (AdaQR: rewriting a question that
 * already stands on its own only adds noise). {@value #REWRITE} when there is a conversation, it
 * names an entity, and the question either refers back to it (an anaphoric pronoun) or is short and
 * names none of it (ellipsis); {@value #KEEP} otherwise: no history, nothing salient in it, or the
 * question already names the conversation's entity. The signals say which.
 *
 * <p>Pure: the entity's salience weighs words by their specificity in the index, which the {@code
 * term-specificity} step looked up before this policy runs and left in the state.
 */
public final class RewriteNeedPolicy implements Policy<Void> {

  public static final String NAME = "needs-rewrite";
  public static final String REWRITE = "REWRITE";
  public static final String KEEP = "KEEP";

  private final ConversationalRewriter analyser;

  public RewriteNeedPolicy(ConversationalRewriter analyser) {
    this.analyser = analyser;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decision<Void> decide(RagState state) {
    ConversationalRewriter.Analysis a = analyser.analyse(state.query(), ConversationalRewriter.specificities(state, "policy " + NAME));
    String reason;
    if (a.historyTurns() == 0) {
      reason = "no conversation: the question stands on its own";
    } else if (a.entity().isEmpty()) {
      reason = "the conversation names nothing to carry over";
    } else if (a.mentionsEntity()) {
      reason = "the question already names '" + a.entity().get() + "'";
    } else if (!a.anaphora().isEmpty()) {
      reason = "the question refers back (" + String.join(", ", a.anaphora()) + ") to '" + a.entity().get() + "'";
    } else if (a.needsRewrite()) {
      reason = "a short question (" + a.words() + " words) that names nothing of the conversation about '" + a.entity().get() + "'";
    } else {
      reason = "no pronoun and enough words (" + a.words() + ") to stand on its own";
    }
    return new Decision<>(NAME, a.needsRewrite() ? REWRITE : KEEP, a.signals(), reason);
  }
}
