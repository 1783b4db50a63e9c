package io.caravan.research.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file across simulated crashes: torn tails, foreign checkpoints, damaged lines. */
class CheckpointTest {

  @TempDir Path dir;

  private static QueryResult result(String id, double ndcg) {
    return new QueryResult(id, Map.of("ndcg@10", ndcg), 12.5, 1, 2, List.of(new QueryResult.DecisionRef("route", "hybrid")), null);
  }

  @Test
  void aTornLastLineIsDroppedAndItsQueryRunsAgain() throws Exception {
    Path file = dir.resolve("out/checkpoint.jsonl");
    try (Checkpoint cp = Checkpoint.open(file, "fp")) {
      cp.append(result("q1", 0.5));
      cp.append(result("q2", 1.0));
    }
    String whole = Files.readString(file);
    // a crash in the middle of writing q3
    Files.writeString(file, whole + "{\"id\":\"q3\",\"metr", StandardCharsets.UTF_8);
    try (Checkpoint cp = Checkpoint.open(file, "fp")) {
      assertThat(cp.completed()).containsOnlyKeys("q1", "q2");
      assertThat(cp.completed().get("q1")).isEqualTo(result("q1", 0.5));
      assertThat(Files.readString(file)).isEqualTo(whole);
      cp.append(result("q3", 0.0));
    }
    try (Checkpoint cp = Checkpoint.open(file, "fp")) {
      assertThat(cp.completed()).containsOnlyKeys("q1", "q2", "q3");
    }
    assertThat(Files.readAllLines(file)).hasSize(4);
  }

  @Test
  void anotherEvaluationsCheckpointOrADamagedLineIsRefused() throws Exception {
    Path file = dir.resolve("checkpoint.jsonl");
    try (Checkpoint cp = Checkpoint.open(file, "fp-a")) {
      cp.append(result("q1", 0.5));
    }
    assertThatThrownBy(() -> Checkpoint.open(file, "fp-b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds results of another evaluation");

    List<String> lines = Files.readAllLines(file);
    Files.writeString(file, lines.get(0) + "\nnot json\n" + lines.get(1) + "\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Checkpoint.open(file, "fp-a")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpoint.jsonl:2");

    Path foreign = dir.resolve("foreign.jsonl");
    Files.writeString(foreign, "{\"id\":\"q1\"}\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Checkpoint.open(foreign, "fp-a")).hasMessageContaining("not an evaluation checkpoint");
  }
}
