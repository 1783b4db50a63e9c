package io.caravan.cli;

import io.caravan.runtime.Caravan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.GenerationListener;
import io.caravan.processes.RunDeadlineExceededException;
import io.caravan.server.ApiJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ask", mixinStandardHelpOptions = true, description = "Answer a question from the index through a BPMN process.")
final class AskCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(paramLabel = "QUESTION", description = "The question.")
  String question;

  @Option(names = {"-p", "--process"}, description = "BPMN process key (default: caravan.process.default, 'rag').")
  String process;

  @Option(names = "-k", description = "Passages to return (default ${DEFAULT-VALUE}).", defaultValue = "5")
  int k;

  @Option(names = {"-f", "--filter"}, paramLabel = "FIELD=VALUE", description = "Metadata filter, applied inside the search; repeatable.")
  Map<String, String> filters;

  @Option(names = "--json", description = "Print the HTTP API's JSON instead of text.")
  boolean json;

  @Option(names = "--stream", description = "Print the answer to standard error while it is generated (with caravan.generator=llm).")
  boolean stream;

  @Option(names = "--no-trace", negatable = true, description = "Leave out the trace.", defaultValue = "true")
  boolean trace;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Query q = new Query(question, k, filters, List.of());
    try (Caravan caravan = Caravan.fromSettings(common.settings(System.getenv()), System.getenv())) {
      if (caravan.documentCount() == 0) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("caravan ask: the index at " + caravan.settings().dataDir() + " is empty; run 'caravan ingest <folder>' or 'caravan demo' first");
        err.flush();
      }
      String p = process == null ? caravan.settings().defaultProcess() : process;
      RagState s;
      try {
        s = stream ? caravan.ask(q, p, streamTo(spec.commandLine().getErr())) : caravan.ask(q, p);
        if (stream) {
          spec.commandLine().getErr().println();
          spec.commandLine().getErr().flush();
        }
      } catch (RunDeadlineExceededException e) {
        throw new IllegalStateException(e.getMessage() + "; raise caravan.query.timeout-ms to give queries longer", e);
      }
      if (json) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        out.println(m.writeValueAsString(new ApiJson(m).answer(s, p)));
        out.flush();
      } else {
        AnswerPrinter.print(s, out, trace);
      }
      return 0;
    }
  }

  /** Pieces as they come, on standard error so that standard output stays the answer (or its JSON). */
  private static GenerationListener streamTo(PrintWriter err) {
    return new GenerationListener() {
      @Override
      public void started(String generator) {
        err.print("\n[" + generator + "] ");
        err.flush();
      }

      @Override
      public void token(String piece) {
        err.print(piece);
        err.flush();
      }
    };
  }
}
