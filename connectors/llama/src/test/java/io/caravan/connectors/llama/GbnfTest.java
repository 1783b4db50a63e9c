package io.caravan.connectors.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grammar builder alone (no model): the rules it writes for tool specifications. */
class GbnfTest {

  private static final ToolSpecification WEATHER = ToolSpecification.builder()
      .name("weather")
      .description("Forecast for a city")
      .parameters(JsonObjectSchema.builder()
          .addStringProperty("city")
          .addIntegerProperty("days")
          .addEnumProperty("unit", List.of("celsius", "fahrenheit"))
          .addBooleanProperty("hourly")
          .addNumberProperty("lat")
          .required("city", "unit")
          .build())
      .build();
  private static final ToolSpecification CLOCK = ToolSpecification.builder().name("clock").description("The time").build();

  private static String rule(String grammar, String name) {
    return Arrays.stream(grammar.split("\n")).filter(l -> l.startsWith(name + " ::= ")).findFirst()
        .map(l -> l.substring(name.length() + 5)).orElseThrow(() -> new AssertionError("no rule " + name + " in\n" + grammar));
  }

  @Test
  void aCallNamesOneOfTheToolsWithArgumentsOfItsSchemaRequiredFirst() {
    String g = Gbnf.toolCalls(List.of(WEATHER, CLOCK), true);

    assertThat(rule(g, "root")).isEqualTo("calls");
    assertThat(rule(g, "calls")).isEqualTo("call ( \"\\n\" call )*");
    assertThat(rule(g, "call")).isEqualTo("\"<tool_call>\\n\" tool \"\\n</tool_call>\" | tool");
    assertThat(rule(g, "tool")).isEqualTo("tool0 | tool1");
    assertThat(rule(g, "tool0")).isEqualTo("\"{\\\"name\\\": \\\"weather\\\", \\\"arguments\\\": \" tool0-args \"}\"");
    // required city and unit always, in declaration order; days, hourly, lat each optional, in order
    assertThat(rule(g, "tool0-args")).isEqualTo(
        "\"{\" sp \"\\\"city\\\":\" sp json-string \",\" sp \"\\\"unit\\\":\" sp ( \"\\\"celsius\\\"\" | \"\\\"fahrenheit\\\"\" )"
            + " ( \",\" sp \"\\\"days\\\":\" sp json-integer )?"
            + " ( \",\" sp \"\\\"hourly\\\":\" sp json-boolean )?"
            + " ( \",\" sp \"\\\"lat\\\":\" sp json-number )? sp \"}\"");
    // a tool without parameters takes any JSON object
    assertThat(rule(g, "tool1")).endsWith(" json-object \"}\"");
    assertThat(g).contains("json-value ::= ", "json-string ::= ", "sp ::= \" \"?");
  }

  @Test
  void unlessACallIsRequiredTheModelMayAnswerInText() {
    String g = Gbnf.toolCalls(List.of(CLOCK), false);
    assertThat(rule(g, "root")).isEqualTo("calls | answer");
    assertThat(rule(g, "answer")).isEqualTo("[^<{\\[\"` \\t\\r\\n] [^\\x00]*");
    assertThat(Gbnf.answer()).isEqualTo("root ::= " + rule(g, "answer") + "\n");
  }

  @Test
  void withoutARequiredPropertyAnyOptionalOneMayComeFirstAndOthersFollowInOrder() {
    ToolSpecification search = ToolSpecification.builder().name("search")
        .parameters(JsonObjectSchema.builder().addStringProperty("q").addStringProperty("lang").build()).build();
    String g = Gbnf.toolCalls(List.of(search), true);
    assertThat(rule(g, "tool0-args")).isEqualTo(
        "\"{\" sp ( \"\\\"q\\\":\" sp json-string tool0-args-rest-1 | \"\\\"lang\\\":\" sp json-string )? sp \"}\"");
    assertThat(rule(g, "tool0-args-rest-1")).isEqualTo("( \",\" sp \"\\\"lang\\\":\" sp json-string )?");
  }

  @Test
  void theGrammarOfManyOptionalPropertiesGrowsLinearly() {
    JsonObjectSchema.Builder many = JsonObjectSchema.builder();
    for (int i = 0; i < 2000; i++) {
      many.addStringProperty("p" + i);
    }
    String g = Gbnf.toolCalls(List.of(ToolSpecification.builder().name("wide").parameters(many.build()).build()), true);
    // about 70 characters a property (its member twice, its rest rule); the square would be 100+ MB
    assertThat(g.length()).isLessThan(2000 * 200);
    assertThat(rule(g, "tool0-args-rest-1999")).isEqualTo("( \",\" sp \"\\\"p1999\\\":\" sp json-string )?");
    assertThat(rule(g, "tool0-args-rest-1998")).endsWith(" )? tool0-args-rest-1999");
  }

  @Test
  void arraysNestedObjectsAndUnknownSchemasAreFollowedOrLeftToGenericJson() {
    ToolSpecification t = ToolSpecification.builder().name("mail").parameters(JsonObjectSchema.builder()
        .addProperty("to", JsonArraySchema.builder().items(new JsonStringSchema()).build())
        .addProperty("meta", JsonObjectSchema.builder().addStringProperty("tag").required("tag").build())
        .addProperty("any", JsonAnyOfSchema.builder().anyOf(new JsonStringSchema(), JsonObjectSchema.builder().build()).build())
        .required("to", "meta", "any")
        .build()).build();
    String g = Gbnf.toolCalls(List.of(t), true);
    assertThat(rule(g, "tool0-args-0")).isEqualTo("\"[\" sp ( json-string ( \",\" sp json-string )* )? sp \"]\"");
    assertThat(rule(g, "tool0-args-1")).isEqualTo("\"{\" sp \"\\\"tag\\\":\" sp json-string sp \"}\"");
    assertThat(rule(g, "tool0-args")).contains("\"\\\"any\\\":\" sp json-value");
  }

  @Test
  void namesAndEnumValuesAreEscapedAsJsonThenAsGbnf() {
    ToolSpecification odd = ToolSpecification.builder().name("say \"hi\"")
        .parameters(JsonObjectSchema.builder().addEnumProperty("mood", List.of("a\\b", "new\nline")).required("mood").build()).build();
    String g = Gbnf.toolCalls(List.of(odd), true);
    assertThat(rule(g, "tool0")).contains("\\\"say \\\\\\\"hi\\\\\\\"\\\"");
    assertThat(rule(g, "tool0-args")).contains("\"\\\"a\\\\\\\\b\\\"\"", "\"\\\"new\\\\nline\\\"\"");
    assertThat(Gbnf.literal("\u0001é")).isEqualTo("\"\\x01é\"");
  }

  @Test
  void badToolListsAreRefused() {
    assertThatThrownBy(() -> Gbnf.toolCalls(List.of(), false)).hasMessageContaining("at least one tool");
    assertThatThrownBy(() -> Gbnf.toolCalls(List.of(CLOCK, CLOCK), false)).hasMessageContaining("two tools are named 'clock'");
  }

  @Test
  void aResponseSchemaBecomesTheRoot() {
    String g = Gbnf.json(JsonObjectSchema.builder().addStringProperty("answer").required("answer").build());
    assertThat(rule(g, "root")).isEqualTo("response");
    assertThat(rule(g, "response")).isEqualTo("\"{\" sp \"\\\"answer\\\":\" sp json-string sp \"}\"");
    assertThat(rule(Gbnf.json(JsonObjectSchema.builder().build()), "root")).isEqualTo("json-object");
  }
}
