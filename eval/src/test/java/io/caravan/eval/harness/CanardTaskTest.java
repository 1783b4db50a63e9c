package io.caravan.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CANARD through the harness with the two built-in baselines; a real process is refused. */
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
    assertThat(raw.metrics()).containsOnlyKeys("token_f1", "bleu");
    // "What did he write?" vs "What did Ibn Battuta write?": 3 shared tokens, precision 3/4, recall 3/5
    assertThat(raw.perQuery().get(1).metrics().get("token_f1")).isCloseTo(2 * 0.75 * 0.6 / 1.35, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(full.metrics().get("token_f1")).isNotEqualTo(raw.metrics().get("token_f1"));
    assertThat(raw.calls().retrievalTotal()).isZero();
  }

  @Test
  void aProcessWithoutARewriteStepIsRefused() throws Exception {
    EvalTask task = EvalFormats.open("canard", fixture(), null);
    assertThatThrownBy(() -> task.runnerFor("rag", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not supported for canard yet: no rewrite step");
  }
}
