package io.caravan.agents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a tool call's arguments against the tool's parameter schema before anything runs, and
 * lists every problem (missing required argument, wrong type, value outside an enum, unknown
 * argument) so that a model can correct its call in one go. Understands the subset {@link
 * ToolSchemas} accepts. Cost: one walk over the arguments.
 */
public final class ArgumentValidator {

  /** The problems of {@code arguments} against {@code schema}; empty when the call is valid. */
  public List<String> problems(JsonNode schema, JsonNode arguments) {
    List<String> out = new ArrayList<>();
    check(schema, arguments, "arguments", out);
    return out;
  }

  private void check(JsonNode schema, JsonNode value, String path, List<String> out) {
    if (schema.has("enum")) {
      Set<String> allowed = new HashSet<>();
      schema.get("enum").forEach(v -> allowed.add(v.asText()));
      if (!value.isValueNode() || !allowed.contains(value.asText())) {
        out.add(path + " must be one of " + schema.get("enum") + ", was " + value);
      }
      return;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> {
        if (!value.isObject()) {
          out.add(path + " must be an object, was " + kind(value));
          return;
        }
        JsonNode props = schema.path("properties");
        for (JsonNode r : schema.path("required")) {
          if (!value.has(r.asText()) || value.get(r.asText()).isNull()) {
            out.add(path + "." + r.asText() + " is required");
          }
        }
        for (Map.Entry<String, JsonNode> f : value.properties()) {
          JsonNode sub = props.get(f.getKey());
          if (sub == null) {
            if (!props.isMissingNode() && !schema.path("additionalProperties").asBoolean(false)) {
              out.add(path + "." + f.getKey() + " is not a parameter of this tool");
            }
          } else if (!f.getValue().isNull()) {
            check(sub, f.getValue(), path + "." + f.getKey(), out);
          }
        }
      }
      case "string" -> expect(value.isTextual(), path, "a string", value, out);
      case "integer" -> expect(value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())), path, "an integer", value, out);
      case "number" -> expect(value.isNumber(), path, "a number", value, out);
      case "boolean" -> expect(value.isBoolean(), path, "true or false", value, out);
      case "array" -> {
        if (!value.isArray()) {
          out.add(path + " must be an array, was " + kind(value));
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(schema.path("items"), value.get(i), path + "[" + i + "]", out);
        }
      }
      default -> {
        // an untyped schema accepts anything, as JSON Schema does
      }
    }
  }

  private static void expect(boolean ok, String path, String what, JsonNode value, List<String> out) {
    if (!ok) {
      out.add(path + " must be " + what + ", was " + kind(value));
    }
  }

  private static String kind(JsonNode v) {
    return v.isTextual() ? "the string " + v : v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + v;
  }
}
