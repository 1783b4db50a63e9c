package io.caravan.research.eval.tools;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads a benchmark's JSON file whole (they are kilobytes). Duplicate object keys are rejected:
 * Jackson's {@code ObjectNode} keeps insertion order, which the MTRB labels depend on, but a repeated
 * key would keep its first position with its last value and shift every index after it unnoticed.
 */
final class BenchmarkJson {

  /** Reads one element of a benchmark's top-level array; {@code index} is its 0-based position, which ids and error messages use. */
  interface ElementReader<T> {
    T read(int index, JsonNode element) throws IOException;
  }

  private final JsonMapper mapper = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  JsonNode read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("benchmark file not found: " + file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return mapper.readTree(in);
    } catch (JacksonException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The elements of the top-level array of {@code file}, each read by {@code reader}, in file order. */
  <T> List<T> readArray(Path file, ElementReader<T> reader) throws IOException {
    JsonNode root = read(file);
    if (!root.isArray()) {
      throw new IOException(file + ": expected a JSON array at the top level");
    }
    List<T> out = new ArrayList<>(root.size());
    for (JsonNode e : root) {
      out.add(reader.read(out.size(), e));
    }
    return out;
  }

  JsonNode readObject(Path file) throws IOException {
    JsonNode root = read(file);
    if (!root.isObject()) {
      throw new IOException(file + ": expected a JSON object at the top level");
    }
    return root;
  }

  /**
   * A tool dict (name to description) as tools in file order; {@code id} gives each tool's id from
   * its position and name, since the benchmarks label tools by one or the other.
   */
  List<Tool> toolDict(Path file, BiFunction<Integer, String, String> id) throws IOException {
    JsonNode root = readObject(file);
    List<Tool> tools = new ArrayList<>(root.size());
    for (Map.Entry<String, JsonNode> f : root.properties()) {
      if (!f.getValue().isTextual()) {
        throw new IOException(file + ": description of \"" + f.getKey() + "\" is not a string");
      }
      tools.add(new Tool(id.apply(tools.size(), f.getKey()), f.getKey(), f.getValue().asText()));
    }
    return tools;
  }

  static String text(Path file, int index, JsonNode element, String field) throws IOException {
    JsonNode v = element.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IOException(file + " [" + index + "]: field \"" + field + "\" must be a non-blank string");
    }
    return v.asText();
  }

  static List<String> texts(Path file, int index, JsonNode element, String field) throws IOException {
    return values(file, index, element, field, JsonNode::isTextual, JsonNode::asText, "a non-string");
  }

  static List<Integer> ints(Path file, int index, JsonNode element, String field) throws IOException {
    return values(file, index, element, field, JsonNode::isInt, JsonNode::asInt, "a non-integer");
  }

  /** A non-empty array field whose items all are of one kind ({@code isKind}); {@code notKind} names an item of another kind in the error. */
  private static <T> List<T> values(Path file, int index, JsonNode element, String field, Predicate<JsonNode> isKind, Function<JsonNode, T> value,
      String notKind) throws IOException {
    JsonNode v = element.get(field);
    if (v == null || !v.isArray() || v.isEmpty()) {
      throw new IOException(file + " [" + index + "]: field \"" + field + "\" must be a non-empty array");
    }
    List<T> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!isKind.test(e)) {
        throw new IOException(file + " [" + index + "]: field \"" + field + "\" holds " + notKind + ": " + e);
      }
      out.add(value.apply(e));
    }
    return out;
  }
}
