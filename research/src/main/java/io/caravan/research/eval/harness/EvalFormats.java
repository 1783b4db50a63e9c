package io.caravan.research.eval.harness;

import io.caravan.research.eval.tools.MetaToolBenchmark;
import io.caravan.research.eval.tools.MtrbBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Opens a dataset as an {@link EvalTask} by format name, checking the path on the way:
 *
 * <ul>
 *   <li>{@code beir}: a BEIR folder; {@code split} picks {@code qrels/<split>.tsv} (default test).
 *   <li>{@code hotpot}: an IRCoT HotpotQA {@code .jsonl[.gz]} file, or a folder holding exactly one.
 *   <li>{@code tools}: an MTRB subset folder ({@code mtr_*_test.json} and its tool file) or the
 *       MetaTool folder ({@code plugin_des.json}, multi-tool queries).
 *   <li>{@code canard}: a CANARD {@code .json[.gz]} file, or a folder holding exactly one
 *       ({@code split} picks it by name prefix, e.g. {@code dev}).
 *   <li>{@code cast}: a TREC CAsT manual-rewrite topics {@code .json} file, scored like CANARD.
 * </ul>
 */
public final class EvalFormats {

  public static final List<String> NAMES = List.of("beir", "hotpot", "tools", "canard", "cast");

  private EvalFormats() {}

  /** @param split may be null for the format's default */
  public static EvalTask open(String format, Path dataset, String split) throws IOException {
    if (format == null || !NAMES.contains(format.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("unknown format '" + format + "'; known: " + String.join(", ", NAMES));
    }
    if (dataset == null || !Files.exists(dataset)) {
      throw new IllegalArgumentException("no such dataset: " + dataset);
    }
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "beir" -> new BeirTask(dataset, split == null ? "test" : split);
      case "hotpot" -> new HotpotTask(single(dataset, split, ".jsonl", ".jsonl.gz"));
      case "canard" -> new CanardTask(single(dataset, split, ".json", ".json.gz"));
      case "cast" -> CanardTask.cast(single(dataset, split, ".json", ".json.gz"));
      default -> tools(dataset);
    };
  }

  private static EvalTask tools(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("tools: expected a benchmark folder, got the file " + dir);
    }
    if (Files.isRegularFile(dir.resolve(MtrbBenchmark.METATOOL_TESTS))) {
      return new ToolTask(new MtrbBenchmark().metaTool(dir), List.of(dir.resolve(MtrbBenchmark.METATOOL_TESTS), dir.resolve(MtrbBenchmark.METATOOL_TOOLS)));
    }
    if (Files.isRegularFile(dir.resolve(MtrbBenchmark.RESTBENCH_TESTS))) {
      return new ToolTask(new MtrbBenchmark().restBench(dir), List.of(dir.resolve(MtrbBenchmark.RESTBENCH_TESTS), dir.resolve(MtrbBenchmark.RESTBENCH_TOOLS)));
    }
    if (Files.isRegularFile(dir.resolve(MetaToolBenchmark.MULTI_TOOL_QUERIES))) {
      return new ToolTask(
          new MetaToolBenchmark().multiTool(dir), List.of(dir.resolve(MetaToolBenchmark.TOOLS), dir.resolve(MetaToolBenchmark.MULTI_TOOL_QUERIES)));
    }
    throw new IllegalArgumentException(
        "tools: " + dir + " holds none of " + MtrbBenchmark.METATOOL_TESTS + ", " + MtrbBenchmark.RESTBENCH_TESTS + ", " + MetaToolBenchmark.MULTI_TOOL_QUERIES);
  }

  private static Path single(Path dataset, String prefix, String... suffixes) throws IOException {
    if (Files.isRegularFile(dataset)) {
      return dataset;
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dataset)) {
      files.filter(Files::isRegularFile)
          .filter(p -> matches(p.getFileName().toString(), prefix, suffixes))
          .sorted()
          .forEach(found::add);
    }
    if (found.size() != 1) {
      throw new IllegalArgumentException(
          dataset + " holds " + found.size() + " files ending in " + String.join(" or ", suffixes)
              + (prefix == null ? "" : " and starting with '" + prefix + "'") + "; name the file, or pick one with --split"
              + (found.isEmpty() ? "" : ": " + found));
    }
    return found.get(0);
  }

  private static boolean matches(String name, String prefix, String... suffixes) {
    if (prefix != null && !name.startsWith(prefix)) {
      return false;
    }
    for (String s : suffixes) {
      if (name.endsWith(s)) {
        return true;
      }
    }
    return false;
  }
}
