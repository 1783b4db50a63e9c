package io.caravan.research.eval.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Reads the MetaTool benchmark's multi-tool split: {@code multi_tool_query_golden.json}, an array of
 * {@code {"query", "tool": [names]}}, against a tool description dict (name to description; by
 * default {@code plugin_des.json}, the full 199-tool catalogue, which holds every multi-tool gold
 * tool). Tools are labelled by name, so a tool's id is its name; query ids are the 0-based position
 * in the query file. A gold name missing from the catalogue fails the read. Cost: one pass over two
 * small JSON files.
 */
public final class MetaToolBenchmark {

  public static final String TOOLS = "plugin_des.json";
  public static final String MULTI_TOOL_QUERIES = "multi_tool_query_golden.json";

  private final BenchmarkJson json = new BenchmarkJson();

  /** The multi-tool split from the benchmark folder ({@value #TOOLS}, {@value #MULTI_TOOL_QUERIES}). */
  public ToolBenchmark multiTool(Path dir) throws IOException {
    return multiTool(dir.resolve(TOOLS), dir.resolve(MULTI_TOOL_QUERIES));
  }

  public ToolBenchmark multiTool(Path toolFile, Path queryFile) throws IOException {
    ToolCatalog catalog = new ToolCatalog(json.toolDict(toolFile, (position, name) -> name));
    List<ToolQuery> queries = json.readArray(queryFile, (i, e) -> {
      String text = BenchmarkJson.text(queryFile, i, e, "query");
      List<String> names = BenchmarkJson.texts(queryFile, i, e, "tool");
      for (String name : names) {
        if (!catalog.contains(name)) {
          throw new IOException(queryFile + " [" + i + "]: gold tool \"" + name + "\" is not in " + toolFile);
        }
      }
      return new ToolQuery(Integer.toString(i), text, new LinkedHashSet<>(names));
    });
    return new ToolBenchmark("metatool-multi", catalog, queries);
  }
}
