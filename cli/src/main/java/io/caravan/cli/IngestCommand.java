package io.caravan.cli;

import io.caravan.core.UnicodeText;
import io.caravan.ingest.DeadLetter;
import io.caravan.ingest.IngestReport;
import io.caravan.runtime.Caravan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Ingest a file or a folder (txt, md, html, jsonl incl. BEIR corpus.jsonl) into the index.")
public final class IngestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(paramLabel = "PATH", description = "File or folder to ingest (folders recursively).")
  Path path;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("no such file or folder: " + path);
    }
    try (Caravan caravan = Caravan.fromSettings(common.settings(System.getenv()), System.getenv())) {
      IngestReport r = caravan.ingest(path, new ProgressBar(spec.commandLine().getErr(), System.console() != null, "ingest"));
      printReport(r, caravan, spec.commandLine().getOut());
      return r.failed() > 0 && r.written() + r.skipped() == 0 ? 1 : 0;
    }
  }

  public static void printReport(IngestReport r, Caravan caravan, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "ingested in %.1f s: %d added, %d updated, %d unchanged, %d failed; %d chunks written; %d documents in the index%n",
        r.elapsed().toMillis() / 1000.0,
        r.added(),
        r.updated(),
        r.skipped(),
        r.failed(),
        r.chunks(),
        caravan.documentCount());
    for (DeadLetter d : r.deadLetters()) {
      out.println("  failed: " + UnicodeText.escapeControls(d.source()) + ": " + UnicodeText.escapeControls(d.reason()));
    }
    if (r.failed() > r.deadLetters().size()) {
      out.printf(Locale.ROOT, "  (%d more failures are not listed: repeats of those above, or beyond the first %d)%n",
          r.failed() - r.deadLetters().size(), IngestReport.MAX_DEAD_LETTERS);
    }
    if (!r.deadLetters().isEmpty()) {
      out.println("  (each distinct failure is kept once in " + caravan.settings().dataDir().resolve("dead-letters.jsonl") + ")");
    }
    out.flush();
  }
}
