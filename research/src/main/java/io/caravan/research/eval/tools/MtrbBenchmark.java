package io.caravan.research.eval.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the MTRB subsets (massive tool retrieval benchmark, MTRB-QTA). Test files are arrays of
 * {@code {"query", "relevant Tools", "relevant IDs"}}; the IDs are 0-based positions in the tool file
 * (dict order for MetaTool, list order for RestBench), so a tool's id here is that position as a
 * string. Each gold position is cross-checked against its {@code relevant Tools} name: a mismatch
 * means the positions were misread and fails the read. Query ids are the 0-based position in the
 * test file. Cost: one pass over two small JSON files.
 */
public final class MtrbBenchmark {

  public static final String METATOOL_TESTS = "mtr_metatool_test.json";
  public static final String METATOOL_TOOLS = "ts_metatool_api_list_rewrite.json";
  public static final String RESTBENCH_TESTS = "mtr_restbench_test.json";
  public static final String RESTBENCH_TOOLS = "tmdb_tool_rewrite.json";

  private final BenchmarkJson json = new BenchmarkJson();

  /** MTRB-MetaTool from its folder ({@value #METATOOL_TESTS}, {@value #METATOOL_TOOLS}). */
  public ToolBenchmark metaTool(Path dir) throws IOException {
    return metaTool(dir.resolve(METATOOL_TESTS), dir.resolve(METATOOL_TOOLS));
  }

  /** The tool file is a dict of tool name to rewritten description; order is significant. */
  public ToolBenchmark metaTool(Path testFile, Path toolFile) throws IOException {
    List<Tool> tools = json.toolDict(toolFile, (position, name) -> Integer.toString(position));
    return new ToolBenchmark("mtrb-metatool", new ToolCatalog(tools), queries(testFile, tools));
  }

  /** MTRB-RestBench from its folder ({@value #RESTBENCH_TESTS}, {@value #RESTBENCH_TOOLS}). */
  public ToolBenchmark restBench(Path dir) throws IOException {
    return restBench(dir.resolve(RESTBENCH_TESTS), dir.resolve(RESTBENCH_TOOLS));
  }

  /**
   * The tool file is a list of TMDB endpoints; the name is {@code tool_usage} (e.g. {@code GET
   * /movie/{movie_id}}, what gold labels use) and the description is {@code rewrite_description},
   * the benchmark's refined text.
   */
  public ToolBenchmark restBench(Path testFile, Path toolFile) throws IOException {
    List<Tool> tools = json.readArray(toolFile, (i, e) -> {
      String usage = BenchmarkJson.text(toolFile, i, e, "tool_usage");
      String description = BenchmarkJson.text(toolFile, i, e, "rewrite_description");
      return new Tool(Integer.toString(i), usage, description);
    });
    return new ToolBenchmark("mtrb-restbench", new ToolCatalog(tools), queries(testFile, tools));
  }

  private List<ToolQuery> queries(Path testFile, List<Tool> tools) throws IOException {
    return json.readArray(testFile, (i, e) -> {
      String text = BenchmarkJson.text(testFile, i, e, "query");
      List<Integer> ids = BenchmarkJson.ints(testFile, i, e, "relevant IDs");
      List<String> names = BenchmarkJson.texts(testFile, i, e, "relevant Tools");
      if (ids.size() != names.size()) {
        throw new IOException(testFile + " [" + i + "]: " + ids.size() + " relevant IDs but " + names.size() + " relevant Tools");
      }
      Set<String> gold = new LinkedHashSet<>();
      for (int j = 0; j < ids.size(); j++) {
        int id = ids.get(j);
        if (id < 0 || id >= tools.size()) {
          throw new IOException(testFile + " [" + i + "]: relevant ID " + id + " is outside the " + tools.size() + " tools");
        }
        Tool tool = tools.get(id);
        if (!tool.name().equals(names.get(j))) {
          throw new IOException(testFile + " [" + i + "]: relevant ID " + id + " is tool \"" + tool.name() + "\" but the label says \"" + names.get(j) + "\"");
        }
        gold.add(tool.id());
      }
      return new ToolQuery(Integer.toString(i), text, gold);
    });
  }
}
