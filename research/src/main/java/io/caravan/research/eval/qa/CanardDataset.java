package io.caravan.research.eval.qa;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.research.eval.Datasets;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for CANARD (Elgohary et al., 2019): a JSON array (optionally gzipped) of objects with
 * {@code History[]}, {@code Question}, {@code Rewrite}, {@code QuAC_dialog_id} and {@code
 * Question_no}. The array is streamed element by element, so only the parsed examples are held.
 */
public final class CanardDataset {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CanardDataset() {}

  /**
   * Reads every example of {@code file}, in file order.
   *
   * @throws IOException when the file cannot be read or an element lacks a field; the message names
   *     the element's 0-based index
   */
  public static List<CanardExample> read(Path file) throws IOException {
    List<CanardExample> out = new ArrayList<>();
    try (BufferedReader r = Datasets.open(file);
        JsonParser p = JSON.createParser(r)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException(file + ": expected a JSON array of CANARD examples");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        JsonNode n = p.readValueAsTree();
        out.add(example(n, file + " element " + out.size()));
      }
      if (p.currentToken() != JsonToken.END_ARRAY) {
        throw new IOException(file + " element " + out.size() + ": expected an object, found " + p.currentToken());
      }
    }
    return out;
  }

  private static CanardExample example(JsonNode n, String where) throws IOException {
    JsonNode history = n.get("History");
    if (history == null || !history.isArray()) {
      throw new IOException(where + ": missing array 'History'");
    }
    List<String> turns = new ArrayList<>(history.size());
    for (JsonNode h : history) {
      turns.add(h.asText());
    }
    JsonNode no = n.get("Question_no");
    if (no == null || !no.canConvertToInt()) {
      throw new IOException(where + ": missing integer 'Question_no'");
    }
    return new CanardExample(text(n, "QuAC_dialog_id", where), no.asInt(), turns, text(n, "Question", where), text(n, "Rewrite", where));
  }

  private static String text(JsonNode n, String field, String where) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IOException(where + ": missing text field '" + field + "'");
    }
    return v.asText();
  }
}
