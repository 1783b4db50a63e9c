package io.caravan.research;

import io.caravan.research.eval.harness.EvalReport;
import io.caravan.research.eval.harness.ReportComparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caravan eval compare a.json b.json}: per-metric differences over shared queries, with paired p-values. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Compare two evaluation reports query by query (paired t-test and randomisation test).")
final class EvalCompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A", description = "Baseline report.json.")
  Path a;

  @Parameters(index = "1", paramLabel = "B", description = "Report to compare with the baseline.")
  Path b;

  @Override
  public Integer call() throws Exception {
    ReportComparison c = ReportComparison.of(a.toString(), EvalReport.read(a), b.toString(), EvalReport.read(b));
    PrintWriter out = spec.commandLine().getOut();
    out.print(c.text());
    out.flush();
    return 0;
  }
}
