package io.caravan.research.eval.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaToolBenchmarkTest {

  @TempDir Path tmp;

  @Test
  void readsTheMultiToolSplitAgainstTheFullCatalogue() throws Exception {
    ToolBenchmark b = new MetaToolBenchmark().multiTool(MtrbBenchmarkTest.fixture("metatool"));
    assertThat(b.catalog().tools()).extracting(Tool::id).containsExactly("WeatherTool", "NewsTool", "FinanceTool", "timeport");
    assertThat(b.catalog().find("NewsTool").orElseThrow().description()).isEqualTo("Latest headlines.");
    assertThat(b.queries()).hasSize(2);
    assertThat(b.queries().get(0).goldToolIds()).containsExactly("FinanceTool", "NewsTool");
    assertThat(b.queries().get(1).text()).startsWith("Will it rain");
  }

  @Test
  void aGoldToolMissingFromTheCatalogueFailsTheRead() throws IOException {
    Path tools = Files.writeString(tmp.resolve("d.json"), "{\"NewsTool\":\"headlines\"}");
    Path queries = Files.writeString(tmp.resolve("q.json"), "[{\"query\":\"q\",\"tool\":[\"NewsTool\",\"GhostTool\"]}]");
    assertThatThrownBy(() -> new MetaToolBenchmark().multiTool(tools, queries)).isInstanceOf(IOException.class).hasMessageContaining("\"GhostTool\" is not in");
  }

  @Test
  void malformedJsonNamesTheFile() throws IOException {
    Path tools = Files.writeString(tmp.resolve("d.json"), "{\"NewsTool\": ");
    Path queries = Files.writeString(tmp.resolve("q.json"), "[]");
    assertThatThrownBy(() -> new MetaToolBenchmark().multiTool(tools, queries)).isInstanceOf(IOException.class).hasMessageContaining("d.json: not valid JSON");
  }
}
