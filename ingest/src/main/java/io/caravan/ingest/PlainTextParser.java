package io.caravan.ingest;

import io.caravan.core.document.Document;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Plain text: the first non-blank line is the title when a blank line and more text follow it (the usual shape of
 * a note or an article saved as text); otherwise there is no title and the whole file is the text.
 *
 * <p>Cost: one strict UTF-8 decode and one scan of the lines.
 */
public final class PlainTextParser implements DocumentParser {

  @Override
  public Set<String> extensions() {
    return Set.of("txt");
  }

  @Override
  public ParsedFile parse(SourceFile file) {
    String content = file.text();
    String[] lines = content.split("\n", -1);
    int first = 0;
    while (first < lines.length && lines[first].isBlank()) {
      first++;
    }
    if (first + 1 < lines.length && lines[first + 1].isBlank()) {
      String rest = String.join("\n", Arrays.asList(lines).subList(first + 2, lines.length)).strip();
      if (!rest.isEmpty()) { // a lone line is the text, not a title of nothing
        return ParsedFile.of(new Document(file.documentId(), lines[first].strip(), rest, Map.of(), file.source()));
      }
    }
    return ParsedFile.of(new Document(file.documentId(), "", content.strip(), Map.of(), file.source()));
  }
}
