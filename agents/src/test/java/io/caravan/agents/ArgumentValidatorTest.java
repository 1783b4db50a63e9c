package io.caravan.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentValidatorTest {

  static final String FLIGHTS =
      """
      {"type": "object",
       "properties": {
         "from": {"type": "string", "description": "IATA code"},
         "to": {"type": "string"},
         "passengers": {"type": "integer"},
         "cabin": {"enum": ["economy", "business"]},
         "flexible": {"type": "boolean"},
         "stops": {"type": "array", "items": {"type": "string"}}
       },
       "required": ["from", "to"]}
      """;

  private final ObjectMapper json = new ObjectMapper();
  private final ToolSchemas schemas = new ToolSchemas(json);
  private final ArgumentValidator validator = new ArgumentValidator();

  private List<String> problems(String args) throws Exception {
    return validator.problems(schemas.parse("flights", FLIGHTS), json.readTree(args));
  }

  @Test
  void acceptsAValidCall() throws Exception {
    assertThat(problems("{\"from\": \"OSL\", \"to\": \"SKD\", \"passengers\": 2, \"cabin\": \"economy\", \"flexible\": true, \"stops\": [\"IST\"]}")).isEmpty();
    assertThat(problems("{\"from\": \"OSL\", \"to\": \"SKD\", \"passengers\": 2.0}")).as("2.0 is an integer in JSON Schema").isEmpty();
  }

  @Test
  void listsEveryProblemOfABadCall() throws Exception {
    assertThat(problems("{\"to\": 7, \"passengers\": \"two\", \"cabin\": \"first\", \"flexible\": \"yes\", \"stops\": [\"IST\", 3], \"pets\": 1}"))
        .containsExactlyInAnyOrder(
            "arguments.from is required",
            "arguments.to must be a string, was number 7",
            "arguments.passengers must be an integer, was the string \"two\"",
            "arguments.cabin must be one of [\"economy\",\"business\"], was \"first\"",
            "arguments.flexible must be true or false, was the string \"yes\"",
            "arguments.stops[1] must be a string, was number 3",
            "arguments.pets is not a parameter of this tool");
    assertThat(problems("[1, 2]")).containsExactly("arguments must be an object, was array [1,2]");
    assertThat(problems("{\"from\": null, \"to\": \"SKD\"}")).containsExactly("arguments.from is required");
  }

  @Test
  void rejectsSchemasItCannotCheck() {
    assertThatThrownBy(() -> schemas.parse("t", "{not json")).hasMessageContaining("tool t: parameter schema is not valid JSON");
    assertThatThrownBy(() -> schemas.parse("t", "{\"type\": \"string\"}")).hasMessageContaining("must be a JSON object with \"type\": \"object\"");
    assertThatThrownBy(() -> schemas.parse("t", "{\"type\": \"object\", \"properties\": {\"when\": {\"type\": \"date\"}}}"))
        .hasMessageContaining("parameter when has type 'date'");
  }

  static final class Calculator {
    @Tool("Adds two whole numbers")
    int add(@P("the first number") int a, @P("the second number") int b) {
      return a + b;
    }
  }

  @Test
  void convertsBetweenJsonSchemaAndLangChain4jSpecifications() throws Exception {
    ToolSpecification fromMethod = ToolSpecifications.toolSpecificationsFrom(new Calculator()).get(0);
    String schema = schemas.schemaOf(fromMethod);
    JsonNode parsed = schemas.parse("add", schema);
    assertThat(parsed.path("required")).hasSize(2);
    assertThat(validator.problems(parsed, json.readTree("{\"a\": 1}"))).containsExactly("arguments.b is required");

    ToolSpecification spec = schemas.specification(new ToolDescriptor("flights", "Search flights", FLIGHTS, null, null));
    assertThat(spec.parameters().required()).containsExactly("from", "to");
    assertThat(spec.parameters().properties().get("passengers")).isInstanceOf(JsonIntegerSchema.class);
    assertThat(((JsonEnumSchema) spec.parameters().properties().get("cabin")).enumValues()).containsExactly("economy", "business");
  }
}
