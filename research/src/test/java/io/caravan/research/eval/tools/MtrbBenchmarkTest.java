package io.caravan.research.eval.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny hand-written fixtures in the MTRB layouts (src/test/resources/tools). */
class MtrbBenchmarkTest {

  @TempDir Path tmp;

  private final MtrbBenchmark reader = new MtrbBenchmark();

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(MtrbBenchmarkTest.class.getResource("/tools/" + name).toURI());
  }

  @Test
  void metaToolIdsAreDictPositionsInFileOrderNotSortedOrder() throws Exception {
    // the fixture's keys are deliberately out of alphabetical order: position 0 is "zeta_time"
    ToolBenchmark b = reader.metaTool(fixture("mtrb-metatool/tests.json"), fixture("mtrb-metatool/tools.json"));
    assertThat(b.catalog().tools()).extracting(Tool::name).containsExactly("zeta_time", "alpha_weather", "mike_news", "beta_recipes");
    assertThat(b.catalog().tools()).extracting(Tool::id).containsExactly("0", "1", "2", "3");
    assertThat(b.catalog().find("1").orElseThrow().description()).isEqualTo("Forecasts for any city.");
    assertThat(b.queries()).hasSize(3);
    assertThat(b.queries().get(0).goldToolIds()).containsExactly("0");
    assertThat(b.queries().get(1).goldToolIds()).containsExactly("1", "2");
    assertThat(b.queries().get(1).text()).isEqualTo("weather and news please");
    assertThat(b.queries()).extracting(ToolQuery::id).containsExactly("0", "1", "2");
  }

  @Test
  void restBenchIdsAreListPositionsAndDuplicateGoldCountsOnce() throws Exception {
    ToolBenchmark b = reader.restBench(fixture("mtrb-restbench/tests.json"), fixture("mtrb-restbench/tools.json"));
    assertThat(b.catalog().size()).isEqualTo(3);
    Tool top = b.catalog().find("2").orElseThrow();
    assertThat(top.name()).isEqualTo("GET /movie/top_rated");
    assertThat(top.description()).isEqualTo("List the highest rated movies.");
    assertThat(b.queries().get(0).goldToolIds()).containsExactly("2", "0");
    assertThat(b.queries().get(1).goldToolIds()).containsExactly("1");
  }

  @Test
  void aGoldIdThatNamesAnotherToolFailsTheRead() throws IOException {
    assertMetaToolReadFails("[{\"query\":\"q\",\"relevant Tools\":[\"b\"],\"relevant IDs\":[0]}]", "{\"a\":\"first\",\"b\":\"second\"}")
        .hasMessageContaining("relevant ID 0 is tool \"a\"");
  }

  @Test
  void aGoldIdOutsideTheCatalogueFailsTheRead() throws IOException {
    assertMetaToolReadFails("[{\"query\":\"q\",\"relevant Tools\":[\"a\"],\"relevant IDs\":[5]}]", "{\"a\":\"first\"}")
        .hasMessageContaining("outside the 1 tools");
  }

  @Test
  void aRepeatedDictKeyIsRejectedBecauseItWouldShiftPositions() throws IOException {
    assertMetaToolReadFails("[{\"query\":\"q\",\"relevant Tools\":[\"a\"],\"relevant IDs\":[0]}]", "{\"a\":\"first\",\"b\":\"second\",\"a\":\"again\"}")
        .hasMessageContaining("Duplicate field 'a'");
  }

  @Test
  void missingFieldsAndFilesGetClearErrors() throws IOException {
    Path tests = Files.writeString(tmp.resolve("t.json"), "[{\"query\":\"q\",\"relevant IDs\":[0]}]");
    Path tools = Files.writeString(tmp.resolve("d.json"), "{\"a\":\"first\"}");
    assertThatThrownBy(() -> reader.metaTool(tests, tools)).isInstanceOf(IOException.class).hasMessageContaining("[0]: field \"relevant Tools\"");
    assertThatThrownBy(() -> reader.restBench(tmp)).isInstanceOf(IOException.class).hasMessageContaining("not found");
    Path list = Files.writeString(tmp.resolve("l.json"), "[]");
    assertThatThrownBy(() -> reader.metaTool(tests, list)).isInstanceOf(IOException.class).hasMessageContaining("expected a JSON object");
  }

  /** Reads MTRB-MetaTool from a test file and a tool file with these contents; the read must fail with an IOException. */
  private AbstractThrowableAssert<?, ? extends Throwable> assertMetaToolReadFails(String testsJson, String toolsJson) throws IOException {
    Path tests = Files.writeString(tmp.resolve("t.json"), testsJson);
    Path tools = Files.writeString(tmp.resolve("d.json"), toolsJson);
    return assertThatThrownBy(() -> reader.metaTool(tests, tools)).isInstanceOf(IOException.class);
  }

  @Test
  void folderFactoriesUseTheUpstreamFileNames() throws Exception {
    Files.copy(fixture("mtrb-restbench/tests.json"), tmp.resolve(MtrbBenchmark.RESTBENCH_TESTS));
    Files.copy(fixture("mtrb-restbench/tools.json"), tmp.resolve(MtrbBenchmark.RESTBENCH_TOOLS));
    assertThat(reader.restBench(tmp).queries()).extracting(ToolQuery::goldToolIds).containsExactly(
        new java.util.LinkedHashSet<>(List.of("2", "0")), new java.util.LinkedHashSet<>(List.of("1")));
  }
}
