package io.caravan.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolCatalogReaderTest {

  @TempDir Path dir;
  private final ObjectMapper json = new ObjectMapper();
  private final ToolCatalogReader reader = new ToolCatalogReader(json, new ToolSchemas(json));

  @Test
  void readsCaravanCataloguesAndNameToDescriptionDicts() throws Exception {
    Files.writeString(
        dir.resolve("a-own.json"),
        """
        {"tools": [{"name": "weather", "description": "Weather forecast for a city",
                    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
                    "examples": ["will it rain in Oslo"], "endpoint": "direct:weather"}]}
        """);
    Files.writeString(dir.resolve("b-metatool.json"), "{\"GET /movie/{movie_id}\": \"Details of a movie\", \"PolishTool\": \"Polish a text\"}");
    List<ToolDescriptor> tools = reader.readFolder(dir);
    assertThat(tools).extracting(ToolDescriptor::name).containsExactly("weather", "GET_movie_movie_id", "PolishTool");
    assertThat(tools.get(0).endpointUri()).isEqualTo("direct:weather");
    assertThat(tools.get(0).examples()).containsExactly("will it rain in Oslo");
    assertThat(tools.get(0).parametersSchema()).contains("\"required\":[\"city\"]");
    assertThat(tools.get(1).endpointUri()).isEmpty();
  }

  @Test
  void aBadCatalogueFailsWithTheFileAndEntryNamed() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"tools\": [{\"name\": \"ok\", \"description\": \"fine\"}, {\"name\": \"x\"}]}");
    assertThatThrownBy(() -> reader.read(bad)).hasMessageContaining("bad.json [1]: a tool needs string fields \"name\" and \"description\"");
    Files.writeString(bad, "{\"tools\": [{\"name\": \"t\", \"description\": \"d\", \"parameters\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"date\"}}}}]}");
    assertThatThrownBy(() -> reader.read(bad)).hasMessageContaining("bad.json [0]: tool t: parameter a has type 'date'");
    Files.writeString(bad, "[1, 2");
    assertThatThrownBy(() -> reader.read(bad)).hasMessageContaining("bad.json: not valid JSON");
    Files.writeString(dir.resolve("dup.json"), "{\"bad\": \"again\"}");
    Files.writeString(bad, "{\"bad\": \"first\"}");
    assertThatThrownBy(() -> reader.readFolder(dir)).hasMessageContaining("tool bad is already defined by an earlier catalogue");
  }

  @Test
  void safeNamesAreValidToolNames() {
    assertThat(ToolCatalogReader.safeName("GET /search/movie")).isEqualTo("GET_search_movie");
    assertThat(ToolCatalogReader.safeName("3d printer")).isEqualTo("t_3d_printer");
    assertThat(ToolCatalogReader.safeName("x".repeat(100))).hasSize(64);
  }
}
