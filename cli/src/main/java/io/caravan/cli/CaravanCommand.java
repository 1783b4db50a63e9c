package io.caravan.cli;


import io.caravan.core.ClientMessage;
import io.caravan.core.UnicodeText;
import java.io.PrintWriter;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
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
    subcommands = {DemoCommand.class, IngestCommand.class, AskCommand.class, ServeCommand.class, KeysCommand.class})
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

  /**
   * What went wrong, in words: the most useful message of the cause chain, or a plain sentence
   * when that message is missing or names a Java type (which {@code CARAVAN_DEBUG=1} shows).
   */
  public static String message(Throwable e) {
    String best = chainMessage(e);
    if (best == null || ClientMessage.namesJavaType(best)) {
      return "an unexpected internal error stopped the command";
    }
    // line by line: a validation report spans lines, but nothing in it may drive the terminal
    return best.lines().map(UnicodeText::escapeControls).collect(Collectors.joining("\n"));
  }

  /** The most useful message in a cause chain: the deepest one that says something; null when none does. */
  private static String chainMessage(Throwable e) {
    String best = e.getMessage();
    if (best == null) {
      for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
        if (t.getMessage() != null) {
          return t.getMessage();
        }
      }
      return null;
    }
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
