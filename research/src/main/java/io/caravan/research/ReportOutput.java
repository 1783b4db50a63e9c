package io.caravan.research;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the policy commands hand over what they produce: files written where asked even when the
 * folder does not exist yet, and the Markdown report echoed on the command's output with the names of
 * the files that hold it.
 */
final class ReportOutput {

  private ReportOutput() {}

  /** Writes {@code text} to {@code file} as UTF-8, creating the file's folder first. */
  static void write(Path file, String text) throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Files.writeString(abs, text, StandardCharsets.UTF_8);
  }

  /** Prints {@code report} on the command's output, then a line naming the files {@code written}. */
  static void show(CommandSpec spec, CharSequence report, String written) {
    PrintWriter o = spec.commandLine().getOut();
    o.print(report);
    o.println("written: " + written);
    o.flush();
  }
}
