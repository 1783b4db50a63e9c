package io.caravan.cli;

import io.caravan.runtime.Caravan;

import io.caravan.core.Query;
import io.caravan.ingest.IngestReport;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Ingest the sample corpus (examples/sample-corpus/docs) and answer a question with citations and the trace.")
final class DemoCommand implements Callable<Integer> {

  static final String DEFAULT_QUESTION = "What do the humps of a Bactrian camel actually store?";

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Option(names = "--corpus", description = "Folder to ingest (default: the project's sample corpus).")
  Path corpus;

  @Option(names = {"-q", "--question"}, description = "Question to ask (default: \"" + DEFAULT_QUESTION + "\").")
  String question = DEFAULT_QUESTION;

  @Override
  public Integer call() throws Exception {
    Path docs = corpus != null ? corpus : sampleCorpus();
    PrintWriter out = spec.commandLine().getOut();
    try (Caravan caravan = Caravan.fromSettings(common.settings(System.getenv()), System.getenv())) {
      out.println("== 1. ingest " + docs + " (in-process " + caravan.settings().encoder().label() + " encoder, Lucene index in " + caravan.settings().dataDir() + ")");
      IngestReport r = caravan.ingest(docs, new ProgressBar(spec.commandLine().getErr(), System.console() != null, "ingest"));
      IngestCommand.printReport(r, caravan, out);
      out.println();
      out.println("== 2. ask, through the BPMN process '" + caravan.settings().defaultProcess() + "' (retrieve -> rerank -> generate, each a Camel route)");
      AnswerPrinter.print(caravan.ask(Query.of(question, 5), null), out, true);
      out.println();
      out.println("Next: ./caravan ask \"Which battle is linked to papermaking reaching Samarkand?\"   or   ./caravan serve --open");
      out.flush();
      return 0;
    }
  }

  /** The sample corpus beside the jar (app/target/caravan.jar -> examples/sample-corpus/docs), else under the working folder. */
  static Path sampleCorpus() throws URISyntaxException {
    Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    for (Path base = jar; base != null; base = base.getParent()) {
      Path candidate = base.resolve("examples/sample-corpus/docs");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    Path local = Path.of("examples/sample-corpus/docs");
    if (Files.isDirectory(local)) {
      return local;
    }
    throw new IllegalArgumentException("sample corpus not found beside " + jar + " nor in ./examples/sample-corpus/docs; pass --corpus <folder>");
  }
}
