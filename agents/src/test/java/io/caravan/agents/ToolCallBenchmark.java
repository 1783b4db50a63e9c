package io.caravan.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.connectors.llama.LlamaChatModel;
import io.caravan.connectors.llama.LlamaEngine;
import io.caravan.connectors.llama.LlamaSettings;
import io.caravan.testing.LocalModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a test (it only runs when asked): the tool agent's first turn on the real
 * in-process model for each request of a task file, with the tool-call grammar and without it
 * ({@link LlamaChatModel.ToolCalling#FREE}: the model is only told the format). Every request offers
 * all the file's tools. Writes {@code tool-calls.json} (every call) and {@code tool-calls.md}.
 *
 * <pre>
 * benchmarks/run-tool-calls     # or:
 * mvn -B -o -q -pl agents -am test -Dtest=ToolCallBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcaravan.bench.tool-calls=benchmarks/tool-calls/tasks.json -Dcaravan.bench.out=benchmarks/results/generation
 * </pre>
 */
@EnabledIfSystemProperty(named = "caravan.bench.tool-calls", matches = ".+")
class ToolCallBenchmark {

  private final ObjectMapper json = new ObjectMapper();

  /** What one request's first turn came to. */
  record Outcome(String mode, String request, String expected, String tool, String arguments, String text,
      boolean called, boolean validJson, boolean rightTool, boolean requiredPresent, boolean schemaValid, boolean argumentsCorrect, long millis) {

    boolean valid() {
      return called && validJson && rightTool && requiredPresent;
    }
  }

  @Test
  void measure() throws Exception {
    Path root = LocalModelFile.repositoryRoot();
    Path tasksFile = root.resolve(System.getProperty("caravan.bench.tool-calls"));
    Path out = root.resolve(System.getProperty("caravan.bench.out", "benchmarks/results/generation"));
    JsonNode tasks = json.readTree(tasksFile.toFile());
    Map<String, ToolDescriptor> tools = new LinkedHashMap<>();
    for (JsonNode t : tasks.get("tools")) {
      String name = t.get("name").asText();
      tools.put(name, new ToolDescriptor(name, t.get("description").asText(), t.get("parameters").toString(), null, "direct:" + name));
    }
    ToolSchemas schemas = new ToolSchemas(json);
    List<Outcome> outcomes = new ArrayList<>();
    LlamaSettings settings = LlamaSettings.of(LocalModelFile.pathOrSkip()).withMaxTokens(96);
    // the context is closed in finally, not by try-with-resources: its close() may throw InterruptedException
    CamelContext camel = new DefaultCamelContext();
    try (LlamaEngine engine = LlamaEngine.load(settings)) {
      camel.addRoutes(new RouteBuilder() {
        @Override
        public void configure() {
          tools.keySet().forEach(name -> from("direct:" + name).setBody(constant("done")));
        }
      });
      camel.start();
      ToolCaller caller = new ToolCaller(camel.createProducerTemplate(), schemas, new ArgumentValidator(), json);
      for (LlamaChatModel.ToolCalling mode : List.of(LlamaChatModel.ToolCalling.GRAMMAR, LlamaChatModel.ToolCalling.FREE)) {
        ToolAgent agent = new ToolAgent(new LlamaChatModel(engine, mode), caller, schemas);
        for (JsonNode task : tasks.get("requests")) {
          outcomes.add(run(agent, mode.name().toLowerCase(Locale.ROOT), task, tools));
        }
      }
      write(out, tasksFile, root, settings, engine, outcomes);
    } finally {
      camel.close();
    }
  }

  private Outcome run(ToolAgent agent, String mode, JsonNode task, Map<String, ToolDescriptor> tools) throws Exception {
    String request = task.get("request").asText();
    String expected = task.get("tool").asText();
    long t0 = System.nanoTime();
    ToolAgent.Turn turn = agent.turn(ToolAgent.start(request), List.copyOf(tools.values()));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    if (turn.answered()) {
      return new Outcome(mode, request, expected, null, null, turn.answer(), false, false, false, false, false, false, millis);
    }
    ToolResult call = turn.calls().get(0);
    JsonNode args;
    try {
      args = json.readTree(call.arguments());
    } catch (Exception e) {
      args = null;
    }
    boolean validJson = args != null && args.isObject();
    boolean rightTool = call.tool().equals(expected);
    boolean required = false;
    boolean correct = false;
    if (validJson && rightTool) {
      JsonNode schema = json.readTree(tools.get(expected).parametersSchema());
      required = true;
      for (JsonNode r : schema.path("required")) {
        required &= args.has(r.asText()) && !args.get(r.asText()).isNull();
      }
      correct = true;
      for (Map.Entry<String, JsonNode> e : task.get("arguments").properties()) {
        JsonNode got = args.get(e.getKey());
        correct &= got != null && (e.getValue().isNumber()
            ? got.isNumber() && got.asDouble() == e.getValue().asDouble()
            : got.asText().strip().equalsIgnoreCase(e.getValue().asText()));
      }
    }
    return new Outcome(mode, request, expected, call.tool(), call.arguments(), null, true, validJson, rightTool, required, call.ok(), correct, millis);
  }

  private void write(Path out, Path tasksFile, Path root, LlamaSettings settings, LlamaEngine engine, List<Outcome> outcomes) throws Exception {
    Files.createDirectories(out);
    ObjectNode raw = json.createObjectNode();
    raw.put("tasks", root.relativize(tasksFile).toString());
    raw.put("model", settings.model().getFileName().toString());
    raw.put("threads", settings.threads());
    raw.put("ranAt", Instant.now().toString());
    ArrayNode rows = raw.putArray("outcomes");
    outcomes.forEach(o -> rows.add(json.valueToTree(o)));
    Files.writeString(out.resolve("tool-calls.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(raw) + "\n");

    StringBuilder md = new StringBuilder("# Tool-call validity of the in-process model\n\n");
    md.append("Generated by `benchmarks/run-tool-calls` (`ToolCallBenchmark` in agents' tests) from `")
        .append(root.relativize(tasksFile)).append("`: ").append(outcomes.size() / 2).append(" requests over ")
        .append(countTools(tasksFile)).append(" tools, every tool offered to every request, the tool agent's first turn")
        .append(" (`ToolAgent.turn`, arguments checked by `ArgumentValidator`) on ").append(settings.model().getFileName())
        .append(" with ").append(settings.threads()).append(" threads, greedy decoding, at most ").append(settings.maxTokens())
        .append(" tokens. `grammar`: the GBNF grammar written from the tools' schemas holds the output to calls of offered tools")
        .append(" (or a text answer); `free`: the same prompt, no grammar. Raw outcomes: `tool-calls.json`.\n\n");
    md.append("A call is **valid** when there is one, its arguments are a JSON object, it names the expected tool and every")
        .append(" required argument is present. *Schema-valid*: the argument validator accepted it (types, enums);")
        .append(" *arguments right*: the values equal the task's (strings ignoring case). Nothing was tuned on this file: it")
        .append(" was written before its first run, and neither prompt nor grammar changed after it. The format choices (Qwen2.5's")
        .append(" tool prompt, a bare JSON call allowed besides the tagged one) were made on the unit tests' two examples, a weather")
        .append(" and a currency request, tools that this file also has.\n\n");
    md.append("Machine: ").append(System.getProperty("caravan.bench.machine", "not stated"))
        .append(". Latencies are per request and include prompt processing (the tools' signatures are the same prefix")
        .append(" each time, which llama.cpp keeps cached); compare the two rows, not with other runs.\n\n");
    md.append("| mode | requests | valid | called a tool | valid JSON | right tool | required present | schema-valid | arguments right | mean ms |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (String mode : List.of("grammar", "free")) {
      List<Outcome> m = outcomes.stream().filter(o -> o.mode().equals(mode)).toList();
      md.append("| ").append(mode).append(" | ").append(m.size())
          .append(" | ").append(rate(m, Outcome::valid))
          .append(" | ").append(rate(m, Outcome::called))
          .append(" | ").append(rate(m, Outcome::validJson))
          .append(" | ").append(rate(m, Outcome::rightTool))
          .append(" | ").append(rate(m, Outcome::requiredPresent))
          .append(" | ").append(rate(m, Outcome::schemaValid))
          .append(" | ").append(rate(m, Outcome::argumentsCorrect))
          .append(" | ").append(Math.round(m.stream().mapToLong(Outcome::millis).average().orElse(0)))
          .append(" |\n");
    }
    md.append("\nFailures (request: what came back):\n\n");
    for (Outcome o : outcomes) {
      if (!o.valid() || !o.argumentsCorrect()) {
        md.append("- ").append(o.mode()).append(", \"").append(o.request()).append("\": ")
            .append(o.called() ? o.tool() + " " + o.arguments() + (o.valid() ? " (valid, arguments differ)" : "") : "no call; text: " + oneLine(o.text()))
            .append('\n');
      }
    }
    Files.writeString(out.resolve("tool-calls.md"), md.toString());
  }

  private int countTools(Path tasksFile) throws Exception {
    return json.readTree(tasksFile.toFile()).get("tools").size();
  }

  private static String rate(List<Outcome> outcomes, java.util.function.Predicate<Outcome> p) {
    long n = outcomes.stream().filter(p).count();
    return n + "/" + outcomes.size() + " (" + Math.round(100.0 * n / Math.max(1, outcomes.size())) + "%)";
  }

  private static String oneLine(String text) {
    String s = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return "`" + (s.length() > 120 ? s.substring(0, 120) + "..." : s).replace("`", "'") + "`";
  }
}
