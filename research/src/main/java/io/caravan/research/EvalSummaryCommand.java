package io.caravan.research;

import io.caravan.research.eval.harness.EvalReport;
import io.caravan.research.eval.harness.EvalSummary;
import io.caravan.research.eval.report.Charts;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caravan eval summary r1.json r2.json ...}: one table per format and cost-quality charts. */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Tabulate several evaluation reports and draw cost-quality charts (one point per report).")
final class EvalSummaryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "REPORT", arity = "1..*", description = "report.json files; each is labelled by its folder name.")
  List<Path> reports;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the Markdown table here too.")
  Path out;

  @Option(names = "--charts", paramLabel = "DIR", description = "Write cost-quality-<format>.svg charts into this folder.")
  Path charts;

  @Override
  public Integer call() throws Exception {
    List<EvalSummary.Entry> entries = new ArrayList<>();
    for (Path p : reports) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("no such report: " + p);
      }
      Path folder = p.toAbsolutePath().getParent();
      entries.add(new EvalSummary.Entry(folder == null ? p.toString() : folder.getFileName().toString(), EvalReport.read(p)));
    }
    EvalSummary summary = new EvalSummary(entries);
    String md = summary.markdown();
    PrintWriter w = spec.commandLine().getOut();
    w.print(md);
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, md);
    }
    if (charts != null) {
      for (Path c : summary.writeCharts(new Charts(), charts)) {
        w.println("chart: " + c);
      }
    }
    w.flush();
    return 0;
  }
}
