package io.caravan.cli;

import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.RagState;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints an answer the way a person reads it: the answer, what it cites, what was retrieved, the trace. */
final class AnswerPrinter {

  private AnswerPrinter() {}

  static void print(RagState s, PrintWriter out, boolean withTrace) {
    out.println("Question: " + s.query().text());
    out.println();
    if (s.answer() == null) {
      out.println("(the process produced no answer)");
    } else {
      out.println("Answer (" + s.answer().generator() + (Double.isNaN(s.answer().confidence()) ? "" : String.format(Locale.ROOT, ", confidence %.2f", s.answer().confidence())) + "):");
      out.println("  " + s.answer().text().replace("\n", "\n  "));
      if (!s.answer().citations().isEmpty()) {
        out.println();
        out.println("Citations:");
        int i = 1;
        for (Citation c : s.answer().citations()) {
          out.printf(Locale.ROOT, "  [%d] %s (%s, chars %d-%d)%n      \"%s\"%n", i++, c.title().isEmpty() ? c.docId() : c.title(), c.chunkId(), c.start(), c.end(), abbreviate(c.quote(), 160));
        }
      }
    }
    out.println();
    out.println("Passages:");
    int rank = 1;
    for (Candidate c : s.candidates()) {
      out.printf(Locale.ROOT, "  %2d. %-26s %.4f  %s%n", rank++, c.chunkId(), c.score(), abbreviate(c.passage().title(), 60));
    }
    if (withTrace) {
      out.println();
      out.println("Trace:");
      out.print(s.trace().render(5));
    }
    out.flush();
  }

  private static String abbreviate(String s, int max) {
    String one = s.replace('\n', ' ');
    return one.length() <= max ? one : one.substring(0, max - 3) + "...";
  }
}
