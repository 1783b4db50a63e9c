package io.caravan.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves a tool's parameter schema between the JSON Schema text a {@link ToolDescriptor} keeps (what
 * catalogues and HTTP clients write) and LangChain4j's {@link JsonObjectSchema} (what a chat model
 * is handed). The subset understood is the one function calling uses: objects with typed
 * properties, {@code required}, {@code enum}, {@code items}, {@code description}; anything else is
 * rejected when the tool is described, not when the model calls it.
 */
public final class ToolSchemas {

  private final ObjectMapper json;

  public ToolSchemas(ObjectMapper json) {
    this.json = json;
  }

  /** Parses a parameter schema; the top level must be an object schema. */
  public JsonNode parse(String toolName, String schema) {
    JsonNode node;
    try {
      node = json.readTree(schema);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("tool " + toolName + ": parameter schema is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject() || !"object".equals(node.path("type").asText("object"))) {
      throw new IllegalArgumentException("tool " + toolName + ": parameter schema must be a JSON object with \"type\": \"object\"");
    }
    element(toolName, "", node); // checks every type once, up front
    return node;
  }

  /** The LangChain4j form of a descriptor, for a chat request. */
  public ToolSpecification specification(ToolDescriptor tool) {
    JsonNode schema = parse(tool.name(), tool.parametersSchema());
    return ToolSpecification.builder()
        .name(tool.name())
        .description(tool.description())
        .parameters((JsonObjectSchema) element(tool.name(), "", schema))
        .build();
  }

  /** The JSON Schema text of a LangChain4j specification's parameters (e.g. from a {@code @Tool} method). */
  public String schemaOf(ToolSpecification spec) {
    if (spec.parameters() == null) {
      return "{\"type\":\"object\"}";
    }
    Map<String, Object> map = JsonSchemaElementUtils.toMap(spec.parameters());
    try {
      return json.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the schema of tool " + spec.name(), e);
    }
  }

  private JsonSchemaElement element(String tool, String path, JsonNode node) {
    String description = node.path("description").isTextual() ? node.get("description").asText() : null;
    if (node.has("enum")) {
      List<String> values = new ArrayList<>();
      node.get("enum").forEach(v -> values.add(v.asText()));
      return JsonEnumSchema.builder().enumValues(values).description(description).build();
    }
    String type = node.path("type").asText("");
    return switch (type) {
      case "object" -> {
        JsonObjectSchema.Builder b = JsonObjectSchema.builder().description(description);
        node.path("properties").properties().forEach(p -> b.addProperty(p.getKey(), element(tool, path + "." + p.getKey(), p.getValue())));
        List<String> required = new ArrayList<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        yield b.required(required).build();
      }
      case "string" -> JsonStringSchema.builder().description(description).build();
      case "integer" -> JsonIntegerSchema.builder().description(description).build();
      case "number" -> JsonNumberSchema.builder().description(description).build();
      case "boolean" -> JsonBooleanSchema.builder().description(description).build();
      case "array" -> JsonArraySchema.builder().description(description).items(element(tool, path + "[]", node.path("items"))).build();
      default -> throw new IllegalArgumentException(
          "tool " + tool + ": parameter " + (path.isEmpty() ? "schema" : path.substring(1))
              + " has type '" + type + "'; known: object, string, integer, number, boolean, array (or an enum)");
    };
  }
}
