package io.caravan.research;

import io.caravan.cli.CaravanCommand;
import io.caravan.cli.CommonOptions;
import io.caravan.cli.IngestCommand;
import io.caravan.cli.ProgressBar;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;

import io.caravan.research.eval.harness.Checkpoint;
import io.caravan.research.eval.harness.EvalFormats;
import io.caravan.research.eval.harness.EvalHarness;
import io.caravan.research.eval.harness.EvalQuery;
import io.caravan.research.eval.harness.EvalReport;
import io.caravan.research.eval.harness.EvalTask;
import io.caravan.research.eval.harness.HashSplit;
import io.caravan.research.eval.harness.QueryRunner;
import io.caravan.research.eval.harness.ReportCharts;
import io.caravan.research.eval.report.Charts;
import io.caravan.processes.DeployedProcess;
import io.caravan.ingest.IngestReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caravan eval}: indexes a benchmark's corpus once (cached by {@link IndexCache}), runs
 * every query through a BPMN process exactly as the endpoint would ({@link Caravan#ask}), and writes
 * {@code report.json}, {@code report.md} and SVG charts ({@link ReportCharts}) into the output folder. Results go to {@code
 * checkpoint.jsonl} query by query, so a stopped run resumes; delete the folder to start afresh.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate a process on a benchmark (beir, hotpot, tools, canard); writes report.json and report.md.",
    subcommands = {EvalCompareCommand.class, EvalSummaryCommand.class})
public final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Option(names = "--dataset", paramLabel = "PATH", description = "Dataset folder or file.")
  Path dataset;

  @Option(names = "--format", description = "Dataset format: beir, hotpot, tools or canard.")
  String format;

  @Option(names = {"-p", "--process"}, description = "BPMN process key (default ${DEFAULT-VALUE}); canard: raw-question or full-history.", defaultValue = "rag")
  String process;

  @Option(names = "--split", description = "beir: qrels split (default test); hotpot/canard: file name prefix in a folder.")
  String split;

  @Option(names = "--limit", description = "Evaluate only the first N queries (0: all).", defaultValue = "0")
  int limit;

  @Option(names = "--hash-split", paramLabel = "PART", description = "Only the queries in this part of a 50/50 split by id hash: train or heldout (what caravan policy train-depth trains and evaluates on).")
  String hashSplit;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default eval-results/<dataset>-<format>-<process>).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (dataset == null || format == null) {
      throw new IllegalArgumentException("--dataset and --format are required (or use 'caravan eval compare A.json B.json')");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must not be negative, was " + limit);
    }
    Map<String, String> env = System.getenv();
    PrintWriter err = spec.commandLine().getErr();
    EvalTask task = EvalFormats.open(format, dataset, split);
    QueryRunner builtIn = task.isBuiltIn(process) ? task.runnerFor(process, null) : null;
    if (builtIn == null && !task.needsIndex()) {
      task.runnerFor(process, null); // refuses a process the task cannot score before anything is opened
    }
    List<EvalQuery> queries = task.queries();
    if (hashSplit != null) {
      HashSplit half = new HashSplit(0.5);
      String part = hashSplit;
      half.inPart("", part); // refuses an unknown part name before anything runs
      queries = queries.stream().filter(q -> half.inPart(q.id(), part)).toList();
    }
    if (limit > 0 && limit < queries.size()) {
      queries = queries.subList(0, limit);
    }
    CaravanSettings settings = common.settings(env);
    Path outDir = out != null ? out : Path.of("eval-results", dataset.toAbsolutePath().normalize().getFileName() + "-" + task.format() + "-" + process);
    Map<String, String> shown = reportedSettings(settings);
    String splitName = (split == null ? "" : split) + (hashSplit == null ? "" : (split == null ? "" : "/") + "hash-" + hashSplit);
    EvalReport.RunInfo info = new EvalReport.RunInfo(task.format(), dataset.toString(), process, splitName, shown, Instant.now().toString());
    String fingerprint = fingerprint(task, process, splitName, shown);

    EvalReport report;
    // the checkpoint first: resuming into another evaluation's folder fails before anything is opened
    try (Checkpoint checkpoint = Checkpoint.open(outDir.resolve("checkpoint.jsonl"), fingerprint)) {
      if (builtIn != null) {
        report = evaluate(task, builtIn, queries, checkpoint, outDir, info, err);
      } else {
        IndexCache cache = IndexCache.inDataFolder(settings.dataDir());
        IndexCache.Key key = IndexCache.Key.of(task.format(), task.corpusFiles(), settings.encoder().modelId(), settings.chunkChars(), settings.chunkOverlap());
        Path folder = cache.folder(key);
        try (Caravan caravan = Caravan.fromSettings(settings.with("caravan.data", folder.toString()), env)) {
          List<String> deployed = caravan.processes().stream().map(DeployedProcess::key).toList();
          if (!deployed.contains(process)) {
            throw new IllegalArgumentException("unknown process '" + process + "'; deployed: " + String.join(", ", deployed));
          }
          boolean onToolIndex = task.format().equals("tools") && EvalToolCatalog.PROCESSES.contains(process);
          QueryRunner runner;
          if (onToolIndex) {
            // the tool processes rank the tool index: the catalogue is registered, not ingested
            EvalToolCatalog catalog = new EvalToolCatalog(task.corpus());
            caravan.tools().registry().registerAll(catalog.tools());
            err.printf(Locale.ROOT, "eval: registered %d tools in the tool index%n", caravan.tools().index().size());
            runner = task.runnerFor(process, q -> catalog.relabel(caravan.ask(q, process)));
          } else {
            runner = task.runnerFor(process, q -> caravan.ask(q, process));
          }
          if (task.needsIndex() && !onToolIndex) {
            if (cache.isComplete(key)) {
              err.printf(Locale.ROOT, "eval: reusing the index in %s (%d documents)%n", folder, caravan.documentCount());
            } else {
              err.println("eval: indexing the corpus into " + folder + " (an interrupted ingest resumes where it stopped)");
              err.flush();
              IngestReport r = caravan.ingestDocuments(task.corpus(), new ProgressBar(err, System.console() != null, "ingest"));
              cache.markComplete(key, r, caravan.documentCount());
              IngestCommand.printReport(r, caravan, err);
            }
          }
          report = evaluate(task, runner, queries, checkpoint, outDir, info, err);
        }
      }
    }
    PrintWriter o = spec.commandLine().getOut();
    o.print(report.markdown());
    o.println();
    o.println("written: " + outDir.resolve("report.json") + ", " + outDir.resolve("report.md") + " and charts (*.svg) in " + outDir);
    o.flush();
    return 0;
  }

  private static EvalReport evaluate(
      EvalTask task, QueryRunner runner, List<EvalQuery> queries, Checkpoint checkpoint, Path outDir, EvalReport.RunInfo info, PrintWriter err)
      throws Exception {
    EvalHarness harness = new EvalHarness(task, runner, checkpoint, new ProgressBar(err, System.console() != null, "eval", "queries")::onProgress);
    int pending = harness.pending(queries);
    if (pending < queries.size()) {
      err.printf(Locale.ROOT, "eval: resuming, %d of %d queries already in %s%n", queries.size() - pending, queries.size(), checkpoint.file());
      err.flush();
    }
    EvalReport report = harness.run(info, queries);
    report.writeJson(outDir.resolve("report.json"));
    report.writeMarkdown(outDir.resolve("report.md"));
    try {
      new ReportCharts(new Charts()).write(report, outDir);
    } catch (RuntimeException e) {
      // the report itself is written; a chart is a view of it and must not cost the run
      err.println("eval: charts not written: " + CaravanCommand.message(e));
      err.flush();
    }
    return report;
  }

  /** The settings that can change results: not where data lives, not the HTTP endpoint's. */
  private static Map<String, String> reportedSettings(CaravanSettings s) {
    Map<String, String> m = new TreeMap<>();
    for (String key : CaravanSettings.keys()) {
      if (!key.equals("caravan.data") && !key.startsWith("caravan.http.") && !key.equals("caravan.admin.key")) {
        m.put(key, s.get(key));
      }
    }
    return m;
  }

  private static String fingerprint(EvalTask task, String process, String split, Map<String, String> settings) throws Exception {
    String what = task.format() + "|" + task.corpusFiles() + "|" + split + "|" + process + "|" + settings;
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8)));
  }
}
