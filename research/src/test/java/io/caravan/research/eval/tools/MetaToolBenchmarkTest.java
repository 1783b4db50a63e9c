package io.caravan.research.eval.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
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
    assertMultiToolReadFails("{\"NewsTool\":\"headlines\"}", "[{\"query\":\"q\",\"tool\":[\"NewsTool\",\"GhostTool\"]}]").hasMessageContaining("\"GhostTool\" is not in");
  }

  @Test
  void malformedJsonNamesTheFile() throws IOException {
    assertMultiToolReadFails("{\"NewsTool\": ", "[]").hasMessageContaining("d.json: not valid JSON");
  }

  /** Reads the multi-tool split from a tool file ({@code d.json}) and a query file with these contents; the read must fail with an IOException. */
  private AbstractThrowableAssert<?, ? extends Throwable> assertMultiToolReadFails(String toolsJson, String queriesJson) throws IOException {
    Path tools = Files.writeString(tmp.resolve("d.json"), toolsJson);
    Path queries = Files.writeString(tmp.resolve("q.json"), queriesJson);
    return assertThatThrownBy(() -> new MetaToolBenchmark().multiTool(tools, queries)).isInstanceOf(IOException.class);
  }
}
