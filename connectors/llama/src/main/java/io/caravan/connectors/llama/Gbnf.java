package io.caravan.connectors.llama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * GBNF grammars (llama.cpp's constrained decoding) written from LangChain4j schemas, because the
 * binding in use has no JSON-Schema-to-grammar of its own. A tool-call grammar makes the model
 * write, in Qwen2.5's function-calling format, {@code <tool_call>\n{"name": "t", "arguments": {...}}\n</tool_call>}
 * or the same JSON object bare, where {@code t} is one of the offered tools and the arguments follow that tool's parameters:
 * string, number, integer, boolean, enum and null properties typed, arrays and nested objects
 * followed, every required property present, no property the schema does not name; anything else
 * (any-of, references, raw schemas) is a generic JSON value.
 *
 * <p>Properties are written in a fixed order, required ones first in declaration order, then the
 * optional ones in declaration order: one order keeps the grammar small, and greedy decoding would
 * pick one order anyway. Whitespace is at most one space where JSON allows it, so a model cannot
 * spend its tokens on indentation.
 */
final class Gbnf {

  /** The rules every grammar shares: generic JSON and the primitive types. */
  private static final Map<String, String> BASE = base();

  /** Words first: not a tag, JSON, a quote, a fence or white space, behind which a call could start. */
  private static final String ANSWER = "[^<{\\[\"` \\t\\r\\n] [^\\x00]*";

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, String> rules = new LinkedHashMap<>();

  private Gbnf() {}

  /**
   * The grammar of one or more tool calls to {@code tools}; unless {@code required}, the model may
   * instead answer in text (which then must start with a word, not with markup, JSON or space).
   *
   * @throws IllegalArgumentException when there is no tool, or a name is blank or repeated
   */
  static String toolCalls(List<ToolSpecification> tools, boolean required) {
    Objects.requireNonNull(tools, "tools");
    if (tools.isEmpty()) {
      throw new IllegalArgumentException("a tool-call grammar needs at least one tool");
    }
    Gbnf g = new Gbnf();
    List<String> alternatives = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < tools.size(); i++) {
      ToolSpecification t = tools.get(i);
      if (t.name() == null || t.name().isBlank()) {
        throw new IllegalArgumentException("tool " + i + " has no name");
      }
      if (names.contains(t.name())) {
        throw new IllegalArgumentException("two tools are named '" + t.name() + "'");
      }
      names.add(t.name());
      String args = t.parameters() == null ? "json-object" : g.element("tool" + i + "-args", t.parameters());
      String rule = "tool" + i;
      g.rules.put(rule, literal("{\"name\": " + g.jsonString(t.name()) + ", \"arguments\": ") + " " + args + " " + literal("}"));
      alternatives.add(rule);
    }
    // tagged as Qwen2.5 was trained to, or bare: Qwen2.5-Coder 0.5B mostly starts a call with "{"
    g.rules.put("call", literal("<tool_call>\n") + " tool " + literal("\n</tool_call>") + " | tool");
    g.rules.put("tool", String.join(" | ", alternatives));
    g.rules.put("calls", "call ( " + literal("\n") + " call )*");
    // an answer in words: anything not starting like a call, so the two cannot be confused
    g.rules.put("answer", ANSWER);
    return g.render(required ? "calls" : "calls | answer");
  }

  /** The grammar of a text answer that does not start like a call (neither a tag nor JSON). */
  static String answer() {
    return "root ::= " + ANSWER + "\n";
  }

  /** The grammar of one JSON value following {@code schema} (a response format). */
  static String json(JsonSchemaElement schema) {
    Objects.requireNonNull(schema, "schema");
    Gbnf g = new Gbnf();
    return g.render(g.element("response", schema));
  }

  private String render(String root) {
    StringBuilder out = new StringBuilder("root ::= ").append(root).append('\n');
    rules.forEach((name, body) -> out.append(name).append(" ::= ").append(body).append('\n'));
    BASE.forEach((name, body) -> out.append(name).append(" ::= ").append(body).append('\n'));
    return out.toString();
  }

  /** The expression for a value of {@code schema}; objects and arrays get a rule named {@code name}. */
  private String element(String name, JsonSchemaElement schema) {
    if (schema instanceof JsonStringSchema) {
      return "json-string";
    } else if (schema instanceof JsonIntegerSchema) {
      return "json-integer";
    } else if (schema instanceof JsonNumberSchema) {
      return "json-number";
    } else if (schema instanceof JsonBooleanSchema) {
      return "json-boolean";
    } else if (schema instanceof JsonNullSchema) {
      return literal("null");
    } else if (schema instanceof JsonEnumSchema e) {
      if (e.enumValues() == null || e.enumValues().isEmpty()) {
        return "json-string";
      }
      List<String> values = new ArrayList<>();
      for (String v : e.enumValues()) {
        values.add(literal(jsonString(v)));
      }
      return "( " + String.join(" | ", values) + " )";
    } else if (schema instanceof JsonArraySchema a) {
      String item = a.items() == null ? "json-value" : element(name + "-item", a.items());
      rules.put(name, literal("[") + " sp ( " + item + " ( " + literal(",") + " sp " + item + " )* )? sp " + literal("]"));
      return name;
    } else if (schema instanceof JsonObjectSchema o) {
      return object(name, o);
    }
    return "json-value"; // any-of, references, raw schemas: valid JSON, the tool's validator judges the rest
  }

  private String object(String name, JsonObjectSchema o) {
    Map<String, JsonSchemaElement> properties = o.properties() == null ? Map.of() : o.properties();
    List<String> required = o.required() == null ? List.of() : o.required();
    if (properties.isEmpty() && required.isEmpty()) {
      return "json-object";
    }
    List<String> mandatory = new ArrayList<>();
    List<String> optional = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, JsonSchemaElement> p : properties.entrySet()) {
      String member = member(p.getKey(), element(name + "-" + i++, p.getValue()));
      (required.contains(p.getKey()) ? mandatory : optional).add(member);
    }
    for (String r : required) {
      if (!properties.containsKey(r)) {
        mandatory.add(member(r, "json-value")); // required but not described: any value
      }
    }
    String comma = literal(",") + " sp ";
    StringBuilder body = new StringBuilder(literal("{")).append(" sp ");
    if (!mandatory.isEmpty()) {
      body.append(String.join(" " + comma, mandatory));
      for (String m : optional) {
        body.append(" ( ").append(comma).append(m).append(" )?");
      }
    } else {
      // no required member: the first one written may be any optional one, the later ones follow it
      // in order. Each "the later ones" is a rule of its own (name-rest-k: member k or later), so
      // the grammar grows linearly with the members; spelled out per first member it grew with
      // their square, which a request's tool schema with thousands of members turned into gigabytes.
      List<String> starts = new ArrayList<>();
      for (int first = 0; first < optional.size(); first++) {
        starts.add(first + 1 < optional.size() ? optional.get(first) + " " + name + "-rest-" + (first + 1) : optional.get(first));
      }
      for (int k = optional.size() - 1; k >= 1; k--) {
        String rest = "( " + comma + optional.get(k) + " )?";
        rules.put(name + "-rest-" + k, k + 1 < optional.size() ? rest + " " + name + "-rest-" + (k + 1) : rest);
      }
      body.append("( ").append(String.join(" | ", starts)).append(" )?");
    }
    body.append(" sp ").append(literal("}"));
    rules.put(name, body.toString());
    return name;
  }

  private String member(String key, String value) {
    return literal(jsonString(key) + ":") + " sp " + value;
  }

  private String jsonString(String s) {
    try {
      return json.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON string", e);
    }
  }

  /** A GBNF string literal matching exactly {@code text}. */
  static String literal(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7F) {
            out.append(String.format("\\x%02X", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.append('"').toString();
  }

  private static Map<String, String> base() {
    Map<String, String> b = new LinkedHashMap<>();
    b.put("json-value", "json-object | json-array | json-string | json-number | json-boolean | \"null\"");
    b.put("json-object", "\"{\" sp ( json-string sp \":\" sp json-value ( \",\" sp json-string sp \":\" sp json-value )* )? sp \"}\"");
    b.put("json-array", "\"[\" sp ( json-value ( \",\" sp json-value )* )? sp \"]\"");
    b.put("json-string", "\"\\\"\" ( [^\"\\\\\\x7F\\x00-\\x1F] | \"\\\\\" ( [\"\\\\/bfnrt] | \"u\" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] ) )* \"\\\"\"");
    b.put("json-number", "json-integer ( \".\" [0-9]+ )? ( [eE] [-+]? [0-9]+ )?");
    b.put("json-integer", "\"-\"? ( \"0\" | [1-9] [0-9]* )");
    b.put("json-boolean", "\"true\" | \"false\"");
    b.put("sp", "\" \"?");
    return Collections.unmodifiableMap(b);
  }
}
