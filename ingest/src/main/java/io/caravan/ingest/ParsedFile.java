package io.caravan.ingest;

import io.caravan.core.document.Document;
import java.util.List;

/**
 * What a parser made of one file: the documents it could read and, for formats holding many
 * documents, a problem per part it could not (e.g. "line 7: malformed JSON ..."), so that one bad
 * part never costs the good ones.
 */
public record ParsedFile(List<Document> documents, List<String> problems) {

  public ParsedFile {
    documents = List.copyOf(documents);
    problems = List.copyOf(problems);
  }

  public static ParsedFile of(Document document) {
    return new ParsedFile(List.of(document), List.of());
  }
}
