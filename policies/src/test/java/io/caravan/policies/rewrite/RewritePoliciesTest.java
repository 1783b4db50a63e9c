package io.caravan.policies.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.Turn;
import io.caravan.core.step.PolicyStep;
import io.caravan.core.step.StepRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rewrite-need, decompose and PRF policies and the rewrite step, on constructed states. */
class RewritePoliciesTest {

  private static RagState state(String text, Turn... history) {
    return RagState.start(new Query(text, 10, Map.of(), List.of(history)));
  }

  private static List<Candidate> scores(double... s) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      out.add(Candidate.of(new Passage("c" + i, "d" + i, "", "t", 0, 1, Map.of()), "bm25", s[i]));
    }
    return out;
  }

  private final RewriteNeedPolicy need = new RewriteNeedPolicy(ConversationalRewriter.withDefaults(TermSpecificity.UNIFORM));

  @Test
  void aFollowUpNeedsRewritingAndSaysWhy() {
    Decision d = need.decide(state("When did she die?", new Turn("user", "Who was Ada Lovelace?")));
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
    RagState done = StepRunner.run(new RewriteStep(ConversationalRewriter.withDefaults(TermSpecificity.UNIFORM)), s);
    assertThat(done.query().text()).isEqualTo("When did Ada Lovelace die?");
    assertThat(done.query().history()).isEqualTo(s.query().history());
    assertThat(done.<String>attribute(RewriteStep.REWRITE_ATTRIBUTE, null)).isEqualTo("When did Ada Lovelace die?");
    assertThat(done.<String>attribute(RewriteStep.ORIGINAL_ATTRIBUTE, null)).isEqualTo("When did she die?");
    assertThat(done.trace().events().get(0).inputs()).containsEntry("rewriter", "embedded").containsEntry("original", "When did she die?");
  }

  @Test
  void aBlankRewriteKeepsTheQuestionAndSaysSo() {
    QueryRewriter silent = new QueryRewriter() {
      @Override
      public String name() {
        return "silent";
      }

      @Override
      public String rewrite(Query query) {
        return "  ";
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
    Decision d = s.attribute(PolicyStep.attributeKey(DecomposePolicy.NAME), null);
    assertThat(d.choice()).isEqualTo(DecomposePolicy.SPLIT);
    assertThat(d.signals()).containsEntry("pattern", "comparison").containsEntry(DecomposePolicy.PARTS_SIGNAL, List.of("Samarkand", "Bukhara"));
    assertThat(p.decide(state("What is a caravanserai?")).choice()).isEqualTo(DecomposePolicy.KEEP);
    assertThat(new DecomposePolicy(new RuleSplitter(), false).decide(state("Which is older, Samarkand or Bukhara?")).choice())
        .isEqualTo(DecomposePolicy.KEEP);
  }

  @Test
  void feedbackAppliesOnlyWhenTheFirstListIsUncertain() {
    FeedbackPolicy gated = new FeedbackPolicy(FeedbackPolicy.Mode.UNCERTAIN, 10, 0.05, 0);
    assertThat(gated.decide(state("q").withCandidates(scores(10, 9.9, 9.8, 9))).choice()).isEqualTo(FeedbackPolicy.APPLY);
    Decision clear = gated.decide(state("q").withCandidates(scores(20, 8, 7, 6)));
    assertThat(clear.choice()).isEqualTo(FeedbackPolicy.SKIP);
    assertThat(clear.signals()).containsKeys("gap", "entropy", "nqc").containsEntry("mode", "uncertain");
    assertThat(gated.decide(state("q")).reason()).contains("fewer than two");
    assertThat(new FeedbackPolicy(FeedbackPolicy.Mode.ALWAYS, 10, 0.05, 0).decide(state("q")).choice()).isEqualTo(FeedbackPolicy.APPLY);
    assertThat(new FeedbackPolicy(FeedbackPolicy.Mode.NEVER, 10, 0.05, 0).decide(state("q").withCandidates(scores(1, 1))).choice())
        .isEqualTo(FeedbackPolicy.SKIP);
    assertThatThrownBy(() -> FeedbackPolicy.Mode.parse("sometimes")).hasMessageContaining("always, uncertain or never");
  }
}
