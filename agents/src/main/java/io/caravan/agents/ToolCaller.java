package io.caravan.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

/**
 * Runs a tool call through Camel: the arguments are parsed and checked against the tool's schema
 * first ({@link ArgumentValidator}), then sent as a {@code Map} body to the tool's endpoint with the
 * header {@value #TOOL_HEADER}; the reply body becomes the result text (JSON unless it is a string
 * already). Any failure becomes an error {@link ToolResult} with the reason, so the agent can try
 * again and the process never sees an exception from a tool.
 */
public final class ToolCaller {

  public static final String TOOL_HEADER = "CaravanTool";

  private final ProducerTemplate producer;
  private final ToolSchemas schemas;
  private final ArgumentValidator validator;
  private final ObjectMapper json;

  public ToolCaller(ProducerTemplate producer, ToolSchemas schemas, ArgumentValidator validator, ObjectMapper json) {
    this.producer = producer;
    this.schemas = schemas;
    this.validator = validator;
    this.json = json;
  }

  public ToolResult call(ToolDescriptor tool, String arguments) {
    String args = arguments == null || arguments.isBlank() ? "{}" : arguments;
    JsonNode parsed;
    try {
      parsed = json.readTree(args);
    } catch (JsonProcessingException e) {
      return ToolResult.error(tool.name(), args, "arguments are not valid JSON: " + e.getOriginalMessage());
    }
    List<String> problems = validator.problems(schemas.parse(tool.name(), tool.parametersSchema()), parsed);
    if (!problems.isEmpty()) {
      return ToolResult.error(tool.name(), args, "invalid arguments for " + tool.name() + ": " + String.join("; ", problems));
    }
    if (tool.endpointUri().isEmpty()) {
      return ToolResult.error(tool.name(), args, "tool " + tool.name() + " has no endpoint: it can be retrieved but not called");
    }
    try {
      Map<String, Object> body = json.convertValue(parsed, new TypeReference<Map<String, Object>>() {});
      Object reply = producer.requestBodyAndHeader(tool.endpointUri(), body, TOOL_HEADER, tool.name());
      return new ToolResult(tool.name(), args, true, text(reply));
    } catch (CamelExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return ToolResult.error(tool.name(), args, "tool " + tool.name() + " failed: " + message(cause));
    } catch (RuntimeException e) {
      return ToolResult.error(tool.name(), args, "tool " + tool.name() + " failed: " + message(e));
    }
  }

  private String text(Object reply) {
    if (reply == null) {
      return "";
    }
    if (reply instanceof String s) {
      return s;
    }
    try {
      return json.writeValueAsString(reply);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the reply (" + reply.getClass().getName() + ") cannot be written as JSON", e);
    }
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
