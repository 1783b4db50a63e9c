package io.caravan.connectors.generation;

import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Passage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generated reply with its citation markers resolved against the context: markers [n] (also [1,
 * 2]) become {@link Citation}s of passage n, spanning the whole passage in its document, in order of
 * first mention. A number that names no passage of the context (a model's invention) is removed from
 * the text and counted, so the reader never sees a citation that leads nowhere.
 *
 * @param text the reply, with markers that named no passage removed
 * @param citations the passages cited
 * @param dropped how many numbers named no passage
 */
public record CitedText(String text, List<Citation> citations, int dropped) {

  private static final Pattern MARKER = Pattern.compile("\\s?\\[\\s*(\\d{1,4}(?:\\s*[,;]\\s*\\d{1,4})*)\\s*\\]");
  private static final Pattern SEPARATOR = Pattern.compile("\\s*[,;]\\s*");

  public CitedText {
    Objects.requireNonNull(text, "text");
    citations = List.copyOf(citations);
  }

  /** Resolves the markers of {@code reply} against {@code context}. */
  public static CitedText parse(String reply, List<Candidate> context) {
    Set<Integer> cited = new LinkedHashSet<>();
    int dropped = 0;
    StringBuilder text = new StringBuilder();
    Matcher m = MARKER.matcher(reply);
    while (m.find()) {
      List<String> kept = new ArrayList<>();
      for (String number : SEPARATOR.split(m.group(1))) {
        int n = Integer.parseInt(number);
        if (n >= 1 && n <= context.size()) {
          cited.add(n);
          kept.add(Integer.toString(n));
        } else {
          dropped++;
        }
      }
      String marker = m.group();
      String replacement = kept.isEmpty() ? "" : marker.substring(0, marker.indexOf('[')) + "[" + String.join(", ", kept) + "]";
      m.appendReplacement(text, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(text);
    List<Citation> out = new ArrayList<>(cited.size());
    for (int n : cited) {
      out.add(citation(context.get(n - 1)));
    }
    return new CitedText(text.toString().strip(), out, dropped);
  }

  /** A citation of the whole of {@code candidate}'s passage. */
  public static Citation citation(Candidate candidate) {
    Passage p = candidate.passage();
    return new Citation(p.docId(), p.chunkId(), p.title(), p.start(), p.end(), p.text());
  }
}
