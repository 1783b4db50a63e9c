package io.caravan.research;

import io.caravan.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caravan eval --format tools -p tool-search}: the catalogue goes into the tool index, not the document index. */
class ToolEvalCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void toolSearchIsEvaluatedOnTheToolIndexWithItsDecisions() throws Exception {
    Path tools = Path.of(ToolEvalCommandTest.class.getResource("/eval/tiny-tools/plugin_des.json").toURI()).getParent();
    CliRun t =
        CliRun.of(
            "eval", "--dataset", tools.toString(), "--format", "tools", "-p", "tool-search", "--data", dir.resolve("data").toString(),
            "--encoder", "int8", "--out", dir.resolve("tools").toString(), "--set", "caravan.tools.rewrite=always", "--set", "caravan.tools.k.budget=4");
    assertThat(t.exitCode()).as(t.err()).isZero();
    assertThat(t.err()).contains("registered 6 tools in the tool index").doesNotContain("added");
    JsonNode r = JSON.readTree(dir.resolve("tools/report.json").toFile());
    assertThat(r.get("queries").intValue()).isEqualTo(3);
    assertThat(r.at("/decisions/tool-rewrite/REWRITE").intValue()).isEqualTo(3);
    assertThat(r.at("/decisions/tool-retrieval/TOOLS").intValue()).isEqualTo(3);
    // ranked ids are the benchmark's tool ids again: the single-tool recipe query finds its tool first
    JsonNode recipe = r.get("perQuery").get(2);
    assertThat(recipe.at("/metrics/ndcg@5").doubleValue()).isEqualTo(1.0);
    assertThat(r.at("/metrics/k").doubleValue()).isBetween(1.0, 4.0);
    assertThat(r.at("/metrics/sufficiency@10").doubleValue()).isEqualTo(1.0);
    assertThat(r.at("/metrics/sufficiency@k").doubleValue()).isBetween(0.0, 1.0);
  }
}
