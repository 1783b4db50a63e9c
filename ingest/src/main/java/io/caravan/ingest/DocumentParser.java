package io.caravan.ingest;

import java.util.Set;

/**
 * Turns one file into documents. Implementations are stateless and thread-safe; a new format is one
 * new implementation registered in {@link ParserRegistry}.
 */
public interface DocumentParser {

  /** Lower-case file extensions, without the dot, this parser reads. */
  Set<String> extensions();

  /**
   * Parses the file. Problems confined to a part of the file go into {@link ParsedFile#problems()}.
   *
   * @throws IllegalArgumentException when the file as a whole cannot be read (e.g. not UTF-8)
   */
  ParsedFile parse(SourceFile file);
}
