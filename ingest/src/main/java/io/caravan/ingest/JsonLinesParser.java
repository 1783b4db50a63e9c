package io.caravan.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.core.document.Document;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * JSON Lines, one document per line, in BEIR's {@code corpus.jsonl} shape
 * ({@code {"_id", "title", "text", "metadata": {...}}}) or with {@code "id"} instead of {@code "_id"}.
 * Other top-level fields (e.g. {@code "url"}) join the metadata, where {@code "metadata"} entries
 * win; every value becomes a string (scalars as written, arrays and objects as compact JSON).
 *
 * <p>Each line is decoded and parsed on its own, so a malformed line (bad JSON, bad UTF-8, no id, no
 * text) becomes a problem naming its line number and every other line still ingests. Blank lines
 * are ignored.
 *
 * <p>Cost: one Jackson tree per line; the file's lines are held in memory once as documents.
 */
public final class JsonLinesParser implements DocumentParser {

  private static final Set<String> RESERVED = Set.of("_id", "id", "title", "text", "metadata");

  private final ObjectMapper json;

  public JsonLinesParser(ObjectMapper json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  public JsonLinesParser() {
    this(new ObjectMapper());
  }

  @Override
  public Set<String> extensions() {
    return Set.of("jsonl", "ndjson");
  }

  @Override
  public ParsedFile parse(SourceFile file) {
    byte[] bytes = file.bytes();
    List<Document> documents = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int lineNumber = 0;
    int start = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      lineNumber++;
      try {
        String line = SourceFile.decodeUtf8(bytes, start, end).strip();
        if (!line.isEmpty()) {
          documents.add(document(line, file.source()));
        }
      } catch (IllegalArgumentException e) {
        problems.add("line " + lineNumber + ": " + e.getMessage());
      }
      start = end + 1;
    }
    return new ParsedFile(documents, problems);
  }

  private Document document(String line, String source) {
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, was " + node.getNodeType());
    }
    JsonNode id = node.hasNonNull("_id") ? node.get("_id") : node.get("id");
    if (id == null || id.isNull() || !id.isValueNode() || id.asText().isBlank()) {
      throw new IllegalArgumentException("missing \"_id\" or \"id\"");
    }
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual()) {
      throw new IllegalArgumentException("missing string \"text\" for id " + id.asText());
    }
    JsonNode title = node.get("title");
    if (title != null && !title.isNull() && !title.isTextual()) {
      throw new IllegalArgumentException("\"title\" must be a string for id " + id.asText());
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!RESERVED.contains(field.getKey()) && !field.getValue().isNull()) {
        metadata.put(field.getKey(), asString(field.getValue()));
      }
    }
    JsonNode meta = node.get("metadata");
    if (meta != null && !meta.isNull()) {
      if (!meta.isObject()) {
        throw new IllegalArgumentException("\"metadata\" must be an object for id " + id.asText());
      }
      for (Map.Entry<String, JsonNode> field : meta.properties()) {
        if (!field.getValue().isNull()) {
          metadata.put(field.getKey(), asString(field.getValue()));
        }
      }
    }
    return new Document(
        id.asText(), title == null ? "" : title.asText(), text.asText(), metadata, source);
  }

  private static String asString(JsonNode value) {
    return value.isValueNode() ? value.asText() : value.toString();
  }
}
