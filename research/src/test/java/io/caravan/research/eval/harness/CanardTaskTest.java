package io.caravan.research.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CANARD and TREC CAsT through the harness: the two built-in baselines and a process's rewrite. */
class CanardTaskTest {

  @TempDir Path dir;

  private Path fixture() throws Exception {
    return Path.of(CanardTaskTest.class.getResource("/harness/canard-tiny.json").toURI());
  }

  private EvalReport run(EvalTask task, String process, String out) throws Exception {
    try (Checkpoint cp = Checkpoint.open(dir.resolve(out), process)) {
      List<EvalQuery> queries = task.queries();
      return new EvalHarness(task, task.runnerFor(process, null), cp, EvalProgress.NONE)
          .run(new EvalReport.RunInfo("canard", "tiny", process, "", java.util.Map.of(), "t"), queries);
    }
  }

  @Test
  void baselinesAreScoredAgainstTheHumanRewrite() throws Exception {
    EvalTask task = EvalFormats.open("canard", fixture(), null);
    assertThat(task.needsIndex()).isFalse();
    assertThat(task.isBuiltIn(CanardTask.RAW)).isTrue();
    assertThat(task.queries()).extracting(EvalQuery::id).containsExactly("C_1#2", "C_1#1");
    assertThat(task.queries().get(0).history()).extracting(t -> t.role()).containsExactly("context", "context", "user", "assistant");

    EvalReport raw = run(task, CanardTask.RAW, "raw.jsonl");
    EvalReport full = run(task, CanardTask.FULL_HISTORY, "full.jsonl");
    assertThat(raw.metrics()).containsOnlyKeys("token_f1", "bleu", CanardTask.CORPUS_BLEU);
    List<String> asked = List.of("Where did he stop first?", "What did he write?");
    List<String> human = List.of("Where did Ibn Battuta stop first when crossing the Sahara?", "What did Ibn Battuta write?");
    assertThat(raw.metrics().get(CanardTask.CORPUS_BLEU)).isEqualTo(io.caravan.research.eval.qa.RewriteMetrics.corpusBleu(asked, human));
    // "What did he write?" vs "What did Ibn Battuta write?": 3 shared tokens, precision 3/4, recall 3/5
    assertThat(raw.perQuery().get(1).metrics().get("token_f1")).isCloseTo(2 * 0.75 * 0.6 / 1.35, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(full.metrics().get("token_f1")).isNotEqualTo(raw.metrics().get("token_f1"));
    assertThat(raw.calls().retrievalTotal()).isZero();
  }

  @Test
  void aProcessIsScoredOnTheRewriteItLeavesInTheState() throws Exception {
    EvalTask task = EvalFormats.open("canard", fixture(), null);
    // a process stand-in that resolves "he" the way a rewrite step would, and sets the attribute
    QueryRunner process = q -> io.caravan.core.RagState.start(q).with(CanardTask.REWRITE_ATTRIBUTE, q.text().replace(" he ", " Ibn Battuta "));
    assertThat(task.runnerFor("conversational-rag", process)).isSameAs(process);
    try (Checkpoint cp = Checkpoint.open(dir.resolve("p.jsonl"), "p")) {
      EvalReport r = new EvalHarness(task, process, cp, EvalProgress.NONE)
          .run(new EvalReport.RunInfo("canard", "tiny", "conversational-rag", "", java.util.Map.of(), "t"), task.queries());
      assertThat(r.perQuery().get(1).metrics().get("token_f1")).isEqualTo(1.0);
    }
  }

  @Test
  void castManualRewritesAreASecondReferenceSet() throws Exception {
    Path topics = dir.resolve("cast.json");
    java.nio.file.Files.writeString(topics, """
        [{"number": 81, "turn": [
          {"number": 1, "raw_utterance": "How do garage door openers work?", "manual_rewritten_utterance": "How do garage door openers work?"},
          {"number": 2, "raw_utterance": "Why did it stop working?", "manual_rewritten_utterance": "Why did my garage door opener stop working?"}]}]
        """);
    EvalTask task = EvalFormats.open("cast", topics, null);
    assertThat(task.format()).isEqualTo("cast");
    assertThat(task.queries()).extracting(EvalQuery::id).containsExactly("cast-81#1", "cast-81#2");
    assertThat(task.queries().get(1).history()).extracting(t -> t.role() + ":" + t.text())
        .containsExactly("user:How do garage door openers work?");
    EvalReport raw = run(task, CanardTask.RAW, "cast-raw.jsonl");
    assertThat(raw.perQuery().get(0).metrics().get("token_f1")).isEqualTo(1.0);
    assertThat(raw.perQuery().get(1).metrics().get("token_f1")).isLessThan(1.0);
  }

  @Test
  void aCastTopicWithoutItsRewriteIsAnErrorNamingIt() throws Exception {
    Path topics = dir.resolve("bad.json");
    java.nio.file.Files.writeString(topics, "[{\"number\": 7, \"turn\": [{\"number\": 3, \"raw_utterance\": \"why?\"}]}]");
    assertThatThrownBy(() -> EvalFormats.open("cast", topics, null))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("topic 7 turn 3");
  }
}
