package io.caravan.server.mcp;

import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.ClientMessage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.Decision;
import io.caravan.policies.tools.ToolRetrievalPolicy;
import io.caravan.processes.DeployedProcess;
import io.caravan.processes.ProcessException;
import io.caravan.processes.ProcessRunner;
import io.caravan.processes.RunCancelledException;
import io.caravan.processes.RunDeadline;
import io.caravan.server.ApiException;
import io.caravan.server.QueryAdmission;
import io.caravan.server.auth.KeyRateLimiter;
import io.caravan.processes.RunDeadlineExceededException;
import io.caravan.processes.UnknownProcessException;
import io.caravan.server.ErrorLog;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.flowable.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP tools of one Caravan instance: {@code ask_<process>} for every deployed process, and
 * {@code tool-search}, which ranks the registered tools for a request (the process of that name,
 * as {@code POST /v1/tools/search} runs it). Processes come and go at run time ({@code POST
 * /v1/processes}); the stateless transport cannot notify a client, so {@link #refresh} brings the
 * server's tool list up to date before every {@code tools/} request instead: a client that lists
 * again sees a process deployed a moment ago, and a call to one removed is an unknown tool.
 *
 * <p>A call never throws into the SDK: bad arguments, an unknown or failing process, a deadline or a
 * cancelled run are tool results with {@code isError} and a message a model can act on; what
 * nobody planned for is logged with an id the message quotes.
 */
final class ProcessTools {

  static final String ASK_PREFIX = "ask_";
  static final String TOOL_SEARCH = "tool-search";

  private static final Logger LOG = LoggerFactory.getLogger(ProcessTools.class);
  private static final int MAX_TOOL_NAME = 128;
  private static final String CLIENT_GONE = "the MCP client closed the connection";

  /** Asking changes nothing, and the same question asked again runs again on the same documents. */
  private static final ToolAnnotations READ_ONLY =
      ToolAnnotations.builder().readOnlyHint(true).destructiveHint(false).idempotentHint(true).openWorldHint(false).build();

  private final ProcessRunner processes;
  private final int maxQueryChars;
  /** Tool name to the definition id it was made from: a new version of a process makes a new tool. */
  private Map<String, String> exposed = Map.of();

  private final QueryAdmission admission;
  private final KeyRateLimiter rates;

  ProcessTools(ProcessRunner processes, int maxQueryChars, QueryAdmission admission, KeyRateLimiter rates) {
    this.processes = processes;
    this.maxQueryChars = maxQueryChars;
    this.admission = admission;
    this.rates = rates;
  }

  /** Makes {@code server}'s tools those of the processes deployed now. */
  synchronized void refresh(McpStatelessAsyncServer server) {
    Map<String, DeployedProcess> wanted = new LinkedHashMap<>();
    for (DeployedProcess p : processes.processes()) {
      String name = p.key().equals(TOOL_SEARCH) ? TOOL_SEARCH : ASK_PREFIX + p.key();
      if (name.length() <= MAX_TOOL_NAME) {
        wanted.put(name, p);
      }
    }
    for (String name : exposed.keySet()) {
      if (!wanted.containsKey(name)) {
        server.removeTool(name).block();
      }
    }
    Map<String, String> now = new HashMap<>();
    wanted.forEach((name, p) -> {
      if (!p.definitionId().equals(exposed.get(name))) {
        server.addTool(name.equals(TOOL_SEARCH) ? toolSearch(p) : ask(name, p)).block();
      }
      now.put(name, p.definitionId());
    });
    exposed = Map.copyOf(now);
  }

  private AsyncToolSpecification ask(String name, DeployedProcess p) {
    String title = p.name() == null || p.name().isBlank() ? p.key() : p.name();
    Tool tool = Tool.builder(name, inputSchema("question", "The question, in natural language", "How many passages to retrieve (default " + Query.DEFAULT_K + ")"))
        .title("Ask Caravan (" + title + ")")
        .description("Answer a question from the documents indexed in Caravan, with the BPMN process '" + p.key() + "' (" + title
            + ", version " + p.version() + ")" + documentation(p) + " Returns the answer with its numbered sources; the structured"
            + " content lists the citations (document, chunk, quote) and the ids of the passages retrieved.")
        .outputSchema(ANSWER_SCHEMA)
        .annotations(READ_ONLY)
        .build();
    return new AsyncToolSpecification(tool, (ctx, req) -> call(ctx, req, "question", (a) -> answer(p.key(), a)));
  }

  /** The process's own {@code <documentation>}, which says what it does better than its name. */
  private String documentation(DeployedProcess p) {
    ProcessDefinition d = processes.engine().getRepositoryService().getProcessDefinition(p.definitionId());
    String doc = d == null || d.getDescription() == null ? "" : d.getDescription().strip().replaceAll("\\s+", " ");
    return doc.isEmpty() ? ": it retrieves passages and answers with citations." : ": " + doc;
  }

  private AsyncToolSpecification toolSearch(DeployedProcess p) {
    Tool tool = Tool.builder(TOOL_SEARCH, inputSchema("query", "What the tools should do, in natural language", "How many tools to rank at least (default " + Query.DEFAULT_K + ")"))
        .title("Search Caravan's tools")
        .description("Rank the tools registered in Caravan (its catalogue and the tools of the MCP servers it is connected to) for a"
            + " request, and say how many of them are worth handing to a model. Returns the ranked tools, best first, with their"
            + " scores; the structured content marks the ones selected.")
        .outputSchema(TOOLS_SCHEMA)
        .annotations(READ_ONLY)
        .build();
    return new AsyncToolSpecification(tool, (ctx, req) -> call(ctx, req, "query", (a) -> tools(p.key(), a)));
  }

  private Map<String, Object> inputSchema(String textField, String textDescription, String kDescription) {
    Map<String, Object> text = new LinkedHashMap<>();
    text.put("type", "string");
    text.put("minLength", 1);
    text.put("maxLength", maxQueryChars);
    text.put("description", textDescription);
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("type", "integer");
    k.put("minimum", 1);
    k.put("maximum", Query.MAX_K);
    k.put("description", kDescription);
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Map.of(textField, text, "k", k));
    schema.put("required", List.of(textField));
    schema.put("additionalProperties", false);
    return schema;
  }

  /** One run: its arguments checked, the caller's access and deadline attached. */
  private record Run(String text, int k, McpHttpTransport.Caller caller) {}

  /** A refusal a client can act on: becomes an error result with this message. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private Mono<CallToolResult> call(McpTransportContext ctx, CallToolRequest req, String textField, Function<Run, CallToolResult> body) {
    return Mono.fromCallable(() -> {
      try {
        return body.apply(arguments(ctx, req, textField));
      } catch (Refused e) {
        return error(e.getMessage());
      } catch (ApiException e) {
        return error(e.getMessage()); // over the key's rate, or no query slot before the deadline
      } catch (UnknownProcessException e) {
        return error("tool " + req.name() + " is gone: its process is no longer deployed; list the tools again");
      } catch (RunDeadlineExceededException | RunCancelledException e) {
        return error(safe(e.getMessage(), e));
      } catch (ProcessException e) {
        return error(logged("the process failed", e));
      } catch (IllegalArgumentException e) {
        return error(safe(e.getMessage(), e));
      } catch (RuntimeException e) {
        return error(logged("internal error", e));
      }
    });
  }

  /**
   * The arguments, checked here as well as by the SDK's schema validation, which a server may turn
   * off and which would not say that a question is too long in the words of the HTTP API.
   */
  private Run arguments(McpTransportContext ctx, CallToolRequest req, String textField) {
    if (!(ctx.get(McpHttpTransport.CALLER) instanceof McpHttpTransport.Caller caller)) {
      throw new IllegalStateException("an MCP call reached a tool without its caller: the transport is not Caravan's");
    }
    Map<String, Object> args = req.arguments() == null ? Map.of() : req.arguments();
    for (String key : args.keySet()) {
      if (!key.equals(textField) && !key.equals("k")) {
        throw new Refused("unknown argument '" + key + "'; the arguments are '" + textField + "' and 'k'");
      }
    }
    if (!(args.get(textField) instanceof String text) || text.isBlank()) {
      throw new Refused("'" + textField + "' is required: a non-empty string");
    }
    if (text.length() > maxQueryChars) {
      throw new Refused("'" + textField + "' is " + text.length() + " characters; the limit is " + maxQueryChars);
    }
    int k = Query.DEFAULT_K;
    Object kv = args.get("k");
    if (kv != null) {
      if (!(kv instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1 || n.doubleValue() > Query.MAX_K) {
        throw new Refused("'k' must be a whole number from 1 to " + Query.MAX_K + ", was " + kv);
      }
      k = n.intValue();
    }
    return new Run(text, k, caller);
  }

  /** Runs {@code process} for one call: within the caller's rate, in one of the server's query slots. */
  private RagState run(String process, Run run) {
    rates.take(run.caller().principal());
    RunDeadline deadline = deadline(run);
    return admission.call(deadline, () -> processes.run(process, initialState(run), deadline));
  }

  private CallToolResult answer(String process, Run run) {
    RagState s = run(process, run);
    Answer a = s.answer();
    List<Citation> citations = a == null ? List.of() : a.citations();
    StringBuilder text = new StringBuilder(a == null || a.text().isBlank() ? "(no answer)" : a.text());
    if (!citations.isEmpty()) {
      text.append("\n\nSources:");
      int n = 1;
      for (Citation c : citations) {
        text.append("\n[").append(n++).append("] ").append(c.title().isBlank() ? c.docId() : c.title())
            .append(" (").append(c.docId()).append(", chunk ").append(c.chunkId()).append(')');
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("process", process);
    out.put("runId", s.id());
    out.put("answer", a == null ? null : a.text());
    List<Map<String, Object>> cs = new ArrayList<>();
    for (Citation c : citations) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("docId", c.docId());
      cm.put("chunkId", c.chunkId());
      cm.put("title", c.title());
      cm.put("quote", c.quote());
      cs.add(cm);
    }
    out.put("citations", cs);
    List<Map<String, Object>> ps = new ArrayList<>();
    int rank = 1;
    for (Candidate c : s.candidates()) {
      if (rank > run.k()) {
        break;
      }
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("rank", rank++);
      pm.put("docId", c.docId());
      pm.put("chunkId", c.chunkId());
      pm.put("title", c.passage().title());
      pm.put("score", finite(c.score()));
      ps.add(pm);
    }
    out.put("passages", ps);
    return CallToolResult.builder().addTextContent(text.toString()).structuredContent(out).isError(false).build();
  }

  private CallToolResult tools(String process, Run run) {
    RagState s = run(process, run);
    int k = s.get(ToolRetrievalPolicy.DECISION).map(Decision::payload).orElse(s.candidates().size());
    StringBuilder text = new StringBuilder();
    List<Map<String, Object>> tools = new ArrayList<>();
    int rank = 1;
    for (Candidate c : s.candidates()) {
      boolean selected = rank <= k;
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("rank", rank);
      t.put("name", c.docId());
      t.put("selected", selected);
      t.put("score", finite(c.score()));
      tools.add(t);
      String description = c.passage().text().lines().skip(1).findFirst().orElse("");
      text.append(rank).append(". ").append(c.docId()).append(selected ? " (selected)" : "")
          .append(description.isBlank() ? "" : ": " + description).append('\n');
      rank++;
    }
    if (tools.isEmpty()) {
      text.append("no tools are registered");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("process", process);
    out.put("query", run.text());
    out.put("k", k);
    out.put("tools", tools);
    return CallToolResult.builder().addTextContent(text.toString().strip()).structuredContent(out).isError(false).build();
  }

  /**
   * The one place where an MCP call becomes a run's first state, and so where the caller's {@link
   * io.caravan.core.Access} (tenant and groups, from the API key) joins the query.
   */
  private static RagState initialState(Run run) {
    return RagState.start(Query.of(run.text(), run.k()).withAccess(run.caller().principal().access()));
  }

  private RunDeadline deadline(Run run) {
    RunDeadline deadline = processes.settings().timeouts().deadline(null);
    run.caller().gone().thenRun(() -> deadline.cancel(CLIENT_GONE));
    return deadline;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static CallToolResult error(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }

  private static String safe(String message, RuntimeException e) {
    return message == null || ClientMessage.namesJavaType(message) ? logged("the call was refused", e) : message;
  }

  private static String logged(String what, RuntimeException e) {
    String id = UUID.randomUUID().toString();
    LOG.warn("MCP tool call failed, error id {}: {}", id, ErrorLog.stackTrace(e));
    return what + " (id " + id + "; details in the server log)";
  }

  private static final Map<String, Object> ANSWER_SCHEMA = Map.of(
      "type", "object",
      "properties", Map.of(
          "process", Map.of("type", "string"),
          "runId", Map.of("type", "string"),
          "answer", Map.of("type", List.of("string", "null")),
          "citations", Map.of("type", "array", "items", Map.of(
              "type", "object",
              "properties", Map.of(
                  "docId", Map.of("type", "string"),
                  "chunkId", Map.of("type", "string"),
                  "title", Map.of("type", "string"),
                  "quote", Map.of("type", "string")),
              "required", List.of("docId", "chunkId"))),
          "passages", Map.of("type", "array", "items", Map.of(
              "type", "object",
              "properties", Map.of(
                  "rank", Map.of("type", "integer"),
                  "docId", Map.of("type", "string"),
                  "chunkId", Map.of("type", "string"),
                  "title", Map.of("type", "string"),
                  "score", Map.of("type", List.of("number", "null"))),
              "required", List.of("rank", "docId", "chunkId")))),
      "required", List.of("process", "answer", "citations", "passages"));

  private static final Map<String, Object> TOOLS_SCHEMA = Map.of(
      "type", "object",
      "properties", Map.of(
          "process", Map.of("type", "string"),
          "query", Map.of("type", "string"),
          "k", Map.of("type", "integer"),
          "tools", Map.of("type", "array", "items", Map.of(
              "type", "object",
              "properties", Map.of(
                  "rank", Map.of("type", "integer"),
                  "name", Map.of("type", "string"),
                  "selected", Map.of("type", "boolean"),
                  "score", Map.of("type", List.of("number", "null"))),
              "required", List.of("rank", "name", "selected")))),
      "required", List.of("process", "query", "k", "tools"));
}
