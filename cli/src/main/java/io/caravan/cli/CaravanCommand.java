package io.caravan.cli;


import java.io.PrintWriter;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code caravan} command line: demo, ingest, ask, serve, plus the commands that modules on the
 * class path contribute through {@link CommandExtension} (the research module's eval and policy).
 */
@Command(
    name = "caravan",
    mixinStandardHelpOptions = true,
    version = "caravan 0.1.0",
    description = "Workflow-orchestrated retrieval-augmented generation: BPMN processes, Camel routes, Lucene, in-process models.",
    subcommands = {DemoCommand.class, IngestCommand.class, AskCommand.class, ServeCommand.class})
public final class CaravanCommand {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every contributed command; tests run it in-process. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new CaravanCommand());
    for (CommandExtension extension : ServiceLoader.load(CommandExtension.class)) {
      for (Object command : extension.commands()) {
        cli.addSubcommand(command);
      }
    }
    cli.addSubcommand(new CommandLine.HelpCommand());
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
  public static String message(Throwable e) {
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
