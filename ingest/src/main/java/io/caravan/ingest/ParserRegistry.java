package io.caravan.ingest;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the parser for a file by its extension (case-insensitive). Built once from a list of
 * parsers; two parsers claiming the same extension is a configuration error caught here rather than
 * a silent last-one-wins.
 */
public final class ParserRegistry {

  private final Map<String, DocumentParser> byExtension;

  public ParserRegistry(List<? extends DocumentParser> parsers) {
    Objects.requireNonNull(parsers, "parsers");
    Map<String, DocumentParser> map = new TreeMap<>();
    for (DocumentParser parser : parsers) {
      Objects.requireNonNull(parser, "parser");
      for (String ext : parser.extensions()) {
        DocumentParser previous = map.putIfAbsent(ext, parser);
        if (previous != null) {
          throw new IllegalArgumentException("extension '" + ext + "' is claimed by both "
              + previous.getClass().getSimpleName() + " and " + parser.getClass().getSimpleName());
        }
      }
    }
    this.byExtension = Map.copyOf(map);
  }

  /** Text, Markdown, HTML and JSON Lines. */
  public static ParserRegistry defaults() {
    return new ParserRegistry(
        List.of(new PlainTextParser(), new MarkdownParser(), new HtmlParser(), new JsonLinesParser()));
  }

  public Optional<DocumentParser> parserFor(SourceFile file) {
    return parserFor(file.extension());
  }

  /** @param extension lower- or upper-case, without the dot */
  public Optional<DocumentParser> parserFor(String extension) {
    return Optional.ofNullable(byExtension.get(extension.toLowerCase(Locale.ROOT)));
  }

  /** The registered extensions, sorted (for messages and help text). */
  public Set<String> extensions() {
    return Collections.unmodifiableSet(new TreeSet<>(byExtension.keySet()));
  }
}
