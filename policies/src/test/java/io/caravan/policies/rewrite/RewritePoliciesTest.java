package io.caravan.policies.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TermSpecificities;
import io.caravan.core.Turn;
import io.caravan.core.spi.QueryTransformer;
import io.caravan.core.step.PolicyStep;
import io.caravan.core.step.RewriteStep;
import io.caravan.core.step.StepRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rewrite-need, decompose and PRF policies and the rewrite step, on constructed states. */
class RewritePoliciesTest {

  /** A question in its conversation, every word equally specific (as the term-specificity step finds over an empty index). */
  private static RagState state(String text, Turn... history) {
    return RagState.start(new Query(text, 10, Map.of(), List.of(history))).with(TermSpecificities.KEY, new TermSpecificities(Map.of()));
  }

  private static List<Candidate> scores(double... s) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      out.add(Candidate.of(new Passage("c" + i, "d" + i, "", "t", 0, 1, Map.of()), "bm25", s[i]));
    }
    return out;
  }

  private final RewriteNeedPolicy need = new RewriteNeedPolicy(ConversationalRewriter.withDefaults());

  @Test
  void aFollowUpNeedsRewritingAndSaysWhy() {
    Decision<Void> d = need.decide(state("When did she die?", new Turn("user", "Who was Ada Lovelace?")));
    assertThat(d.choice()).isEqualTo(RewriteNeedPolicy.REWRITE);
    assertThat(d.signals()).containsEntry("entity", "Ada Lovelace").containsEntry("anaphora", List.of("she"));
    assertThat(d.reason()).contains("refers back", "Ada Lovelace");
  }

  @Test
  void selfContainedQuestionsAreKept() {
    assertThat(need.decide(state("When did Ada Lovelace die?")).reason()).contains("no conversation");
    assertThat(need.decide(state("When did Ada Lovelace die?", new Turn("user", "Who was Ada Lovelace?"))).choice()).isEqualTo(RewriteNeedPolicy.KEEP);
    assertThat(need.decide(state("when did she die?", new Turn("user", "hi"), new Turn("assistant", "ok"))).reason())
        .contains("names nothing");
  }

  @Test
  void theRewriteStepReplacesTheQueryAndKeepsBothInStateAndTrace() {
    RagState s = state("When did she die?", new Turn("user", "Who was Ada Lovelace?"));
    RagState done = StepRunner.run(new RewriteStep(ConversationalRewriter.withDefaults()), s);
    assertThat(done.query().text()).isEqualTo("When did Ada Lovelace die?");
    assertThat(done.query().history()).isEqualTo(s.query().history());
    assertThat(done.get(RewriteStep.REWRITE)).contains("When did Ada Lovelace die?");
    assertThat(done.get(RewriteStep.ORIGINAL)).contains("When did she die?");
    assertThat(done.trace().events().get(0).inputs()).containsEntry("rewriter", "embedded").containsEntry("original", "When did she die?");
  }

  @Test
  void aBlankRewriteKeepsTheQuestionAndSaysSo() {
    QueryTransformer silent = new QueryTransformer() {
      @Override
      public String name() {
        return "silent";
      }

      @Override
      public List<Query> transform(Query query, RagState state) {
        return List.of();
      }
    };
    RagState done = StepRunner.run(new RewriteStep(silent), state("When did she die?"));
    assertThat(done.query().text()).isEqualTo("When did she die?");
    assertThat(done.trace().events().get(0).inputs().get("note").toString()).contains("returned nothing");
  }

  @Test
  void decomposeSplitsComparisonsAndRecordsTheParts() {
    DecomposePolicy p = new DecomposePolicy(new RuleSplitter(), true);
    RagState s = StepRunner.run(new PolicyStep(p), state("Which is older, Samarkand or Bukhara?"));
    Decision<RuleSplitter.Split> d = s.get(DecomposePolicy.DECISION).orElseThrow();
    assertThat(d.choice()).isEqualTo(DecomposePolicy.SPLIT);
    assertThat(d.signals()).containsEntry("pattern", "comparison").containsEntry(DecomposePolicy.PARTS_SIGNAL, List.of("Samarkand", "Bukhara"));
    assertThat(d.payload().parts()).containsExactly("Samarkand", "Bukhara");
    // the retrieval step gets the parts from the typed payload, with the query's k and history
    assertThat(DecomposePolicy.DECIDED_PARTS.transform(s.query(), s)).extracting(Query::text).containsExactly("Samarkand", "Bukhara");
    RagState undecided = state("What is a caravanserai?");
    assertThat(DecomposePolicy.DECIDED_PARTS.transform(undecided.query(), undecided)).containsExactly(undecided.query());
    assertThat(p.decide(state("What is a caravanserai?")).choice()).isEqualTo(DecomposePolicy.KEEP);
    assertThat(new DecomposePolicy(new RuleSplitter(), false).decide(state("Which is older, Samarkand or Bukhara?")).choice())
        .isEqualTo(DecomposePolicy.KEEP);
  }

  @Test
  void theRewritePoliciesNeedTheSpecificitiesAStepLookedUpAndSaySo() {
    RagState bare = RagState.start(new Query("When did she die?", 10, Map.of(), List.of(new Turn("user", "Who was Ada Lovelace?"))));
    assertThatThrownBy(() -> need.decide(bare)).isInstanceOf(IllegalStateException.class).hasMessageContaining("term-specificity step");
    assertThatThrownBy(() -> StepRunner.run(new RewriteStep(ConversationalRewriter.withDefaults()), bare)).hasMessageContaining("term-specificity step");
  }

  @Test
  void specificitiesLookedUpForTheWordsTheRewriterNamesDecideAsTheIndexWould() {
    Query q = new Query("Where did they meet?", 10, Map.of(), List.of(new Turn("user", "Tell me about the Silk Road and Kublai Khan.")));
    ConversationalRewriter rewriter = ConversationalRewriter.withDefaults();
    assertThat(rewriter.wordsToWeigh(q)).contains("silk", "road", "kublai", "khan").doesNotContain("the", "about");
    for (Map<String, Double> index : List.of(Map.of("silk", 0.1, "road", 0.1), Map.of("kublai", 0.1, "khan", 0.1))) {
      io.caravan.core.spi.TermSpecificity live = w -> index.getOrDefault(w, 0.9);
      RagState looked = StepRunner.run(new io.caravan.core.step.TermSpecificityStep(live, rewriter::wordsToWeigh), RagState.start(q));
      Decision<Void> d = need.decide(looked);
      // the policy, reading only the state, picks the entity the live index would have made it pick
      assertThat(d.signals().get("entity")).isEqualTo(rewriter.analyse(q, live).entity().orElseThrow());
      assertThat(rewriter.transform(q, looked).get(0).text()).isEqualTo(rewriter.analyse(q, live).rewrite());
    }
  }

  @Test
  void feedbackAppliesOnlyWhenTheFirstListIsUncertain() {
    FeedbackPolicy gated = new FeedbackPolicy(FeedbackPolicy.Mode.UNCERTAIN, 10, 0.05, 0);
    assertThat(gated.decide(state("q").withCandidates(scores(10, 9.9, 9.8, 9))).choice()).isEqualTo(FeedbackPolicy.APPLY);
    Decision<Void> clear = gated.decide(state("q").withCandidates(scores(20, 8, 7, 6)));
    assertThat(clear.choice()).isEqualTo(FeedbackPolicy.SKIP);
    assertThat(clear.signals()).containsKeys("gap", "entropy", "nqc").containsEntry("mode", "uncertain");
    assertThat(gated.decide(state("q")).reason()).contains("fewer than two");
    assertThat(new FeedbackPolicy(FeedbackPolicy.Mode.ALWAYS, 10, 0.05, 0).decide(state("q")).choice()).isEqualTo(FeedbackPolicy.APPLY);
    assertThat(new FeedbackPolicy(FeedbackPolicy.Mode.NEVER, 10, 0.05, 0).decide(state("q").withCandidates(scores(1, 1))).choice())
        .isEqualTo(FeedbackPolicy.SKIP);
    assertThatThrownBy(() -> FeedbackPolicy.Mode.parse("sometimes")).hasMessageContaining("always, uncertain or never");
  }
}
