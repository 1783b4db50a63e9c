package io.caravan.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code caravan} command line: serve, ingest, ask, demo, eval. */
@Command(
    name = "caravan",
    mixinStandardHelpOptions = true,
    version = "caravan 0.1.0",
    description = "Workflow-orchestrated retrieval-augmented generation: BPMN processes, Camel routes, Lucene, in-process models.",
    subcommands = {DemoCommand.class, IngestCommand.class, AskCommand.class, ServeCommand.class, EvalCommand.class, PolicyCommand.class, CommandLine.HelpCommand.class})
public final class CaravanCommand {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new CaravanCommand());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          err.println("caravan " + cmd.getCommandName() + ": " + message(e));
          if (System.getenv("CARAVAN_DEBUG") != null) {
            e.printStackTrace(err);
          } else {
            err.println("(set CARAVAN_DEBUG=1 for the stack trace)");
          }
          err.flush();
          return 1;
        });
    return cli;
  }

  /** The most useful message in a cause chain: the deepest one that says something. */
  static String message(Throwable e) {
    String best = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t.getMessage() != null && best.contains(t.getMessage())) {
        break;
      }
      if (t.getMessage() != null && !(e.getMessage() != null && e.getMessage().contains(t.getClass().getName()))) {
        best = best + ": " + t.getMessage();
        break;
      }
    }
    return best;
  }
}
