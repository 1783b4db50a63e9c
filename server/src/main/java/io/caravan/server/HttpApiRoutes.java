package io.caravan.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.ChatModel;
import io.caravan.agents.RetrieveToolsStep;
import io.caravan.core.ClientMessage;
import io.caravan.core.RagState;
import io.caravan.core.document.Document;
import io.caravan.core.spi.GenerationListener;
import io.caravan.core.spi.StepListener;
import io.caravan.core.step.GenerateStep;
import io.caravan.core.step.StepRunner;
import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import io.caravan.ingest.SourceIngestor;
import io.caravan.processes.DeployOutcome;
import io.caravan.processes.InvalidProcessException;
import io.caravan.processes.LoopBoundExceededException;
import io.caravan.processes.ProcessException;
import io.caravan.processes.ProcessExistsException;
import io.caravan.processes.ProcessRunner;
import io.caravan.processes.ProcessSteps;
import io.caravan.processes.ProcessStore;
import io.caravan.processes.RunCancelledException;
import io.caravan.processes.RunDeadline;
import io.caravan.processes.RunDeadlineExceededException;
import io.caravan.processes.TraceJson;
import io.caravan.processes.UnknownProcessException;
import io.caravan.server.ApiJson.QueryRequest;
import io.caravan.server.auth.KeyRateLimiter;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosted endpoint, as Camel REST DSL on platform-http (Vert.x):
 *
 * <pre>
 * POST   /v1/query              question -> answer, citations, passages, trace (server-sent events with stream: true)
 * POST   /v1/chat/completions   OpenAI chat completions with a process as the model ({@link ProcessCompletions})
 * GET    /v1/models             the deployed processes as OpenAI models
 * POST   /v1/tools/search       {"query", "k"} -> ranked tools, the cut, the trace (process tool-search)
 * POST   /v1/documents          one document or {"documents": [...]} -> ingest report
 * DELETE /v1/documents/{id}     remove a document
 * GET    /v1/processes          deployed BPMN processes: origin, who and when, every version
 * POST   /v1/processes?name=f   deploy a BPMN file (scope admin; &amp;replace=true to replace an id)
 * GET    /health/live, /health/ready, /openapi.json
 * GET    /metrics               Prometheus text: requests, runs, steps, decisions, ingestion, index, JVM
 * POST   /llm/v1/chat/completions  OpenAI chat completions over the instance's chat model ({@link ChatCompletions})
 * </pre>
 *
 * Every call but the health probes and the OpenAPI document needs an API key with the scope it
 * names ({@link io.caravan.server.auth.Authenticator}), and runs with the key's tenant. Every error
 * is JSON with the status that says what went wrong (400 malformed, 401 no valid key, 403 a scope
 * missing, 404 unknown process or document, 409 process id exists, 413 too large, 422 invalid BPMN,
 * 429 overloaded or over the key's rate, 503 not ready, 504 past the query's deadline) and never a
 * stack trace; unexpected failures are logged with an id that the
 * response quotes. A query runs under a deadline ({@code timeout_ms}, else the standard one) that
 * is cancelled when the client closes the connection.
 */
public final class HttpApiRoutes extends RouteBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApiRoutes.class);
  private static final String JSON = "application/json";
  private static final String EVENT_STREAM = "text/event-stream";
  private static final String GENERATE = "generate";
  /** The text exposition format every Prometheus version scrapes. */
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String TOOL_SEARCH = "tool-search";
  private static final String CLIENT_GONE = "the client closed the connection";
  /** Candidates a streamed step event names: enough to follow the ranking, small enough to stream every step. */
  private static final int STREAMED_CANDIDATES = 5;

  private final ProcessRunner processes;
  private final ProcessStore store;
  private final SourceIngestor ingestor;
  private final BooleanSupplier ready;
  private final HttpSettings settings;
  private final ApiJson json;
  private final Optional<ChatModel> chat;
  private final ChatCompletions completions;
  private final TraceJson traceJson = new TraceJson();
  private final ProcessCompletions processCompletions;
  private final QueryAdmission admission;
  private final KeyRateLimiter rates;
  private final PrometheusMeterRegistry metrics;

  /**
   * @param store keeps what {@code POST /v1/processes} deploys, so that a restart brings it back
   * @param chat the model {@code /llm/v1/chat/completions} serves; empty answers it with 404
   * @param metrics what {@code GET /metrics} answers with
   */
  public HttpApiRoutes(
      ProcessRunner processes, ProcessStore store, SourceIngestor ingestor, BooleanSupplier ready, HttpSettings settings, ApiJson json,
      Optional<ChatModel> chat, QueryAdmission admission, KeyRateLimiter rates, PrometheusMeterRegistry metrics) {
    this.processes = processes;
    this.store = store;
    this.ingestor = ingestor;
    this.ready = ready;
    this.settings = settings;
    this.json = json;
    this.chat = chat;
    this.completions = new ChatCompletions(new ObjectMapper());
    this.processCompletions = new ProcessCompletions(new ObjectMapper(), json);
    this.admission = admission;
    this.rates = rates;
    this.metrics = metrics;
  }

  @Override
  public void configure() throws Exception {
    onException(Throwable.class).handled(true).process(this::renderError);

    restConfiguration()
        .component("platform-http")
        .bindingMode(RestBindingMode.off)
        .apiContextPath("/openapi.json")
        .apiProperty("api.title", "Caravan")
        .apiProperty("api.version", "0.1.0")
        .apiProperty("api.description", "Workflow-orchestrated retrieval-augmented generation");

    rest("/v1")
        .post("/query")
        .description("Answer a question through a BPMN process (default: " + settings.defaultProcess() + "); timeout_ms bounds the run (504 past it);"
            + " stream: true (or Accept: text/event-stream) answers with server-sent events: step, generation, token, citations, done (or error)")
        .consumes(JSON)
        .produces(JSON + "," + EVENT_STREAM)
        .to("direct:api-query")
        .post("/tools/search")
        .description("Rank the registered tools for a request (process tool-search): the tools handed over, every ranked tool's scores, the trace")
        .consumes(JSON)
        .produces(JSON)
        .to("direct:api-tools-search")
        .post("/documents")
        .description("Ingest one document or {\"documents\": [...]}; unchanged documents are skipped; a result per document, so a retry of the whole batch is safe")
        .consumes(JSON)
        .produces(JSON)
        .to("direct:api-documents-add")
        .delete("/documents/{id}")
        .description("Remove a document and all its chunks")
        .produces(JSON)
        .to("direct:api-documents-delete")
        .get("/processes")
        .description("List deployed processes: latest version, origin (bundled, folder, api), who deployed it and when, every version")
        .produces(JSON)
        .to("direct:api-processes-list")
        .post("/processes")
        .description("Deploy a BPMN 2.0 file (validated; needs a key with scope admin; replacing an existing process id needs ?replace=true; kept across restarts)")
        .consumes("application/xml")
        .produces(JSON)
        .to("direct:api-processes-deploy");

    rest("/v1")
        .post("/chat/completions")
        .description("OpenAI chat completions over Caravan's processes: model names the process (GET /v1/models), the last user message is"
            + " the question, earlier user and assistant messages the conversation; stream: true for chunks; citations, passages and the"
            + " trace in the extension field 'caravan'")
        .consumes(JSON)
        .produces(JSON + "," + EVENT_STREAM)
        .to("direct:api-chat-completions")
        .get("/models")
        .description("OpenAI's model list: every deployed process")
        .produces(JSON)
        .to("direct:api-models");

    rest("/llm/v1")
        .post("/chat/completions")
        .description("OpenAI chat completions (non-streaming JSON, or server-sent events with stream: true) over the instance's"
            + " chat model: the in-process model under caravan.generator=llm; 404 when there is none")
        .consumes(JSON)
        .produces(JSON)
        .to("direct:api-llm-chat");

    rest("/health")
        .get("/live")
        .produces(JSON)
        .to("direct:api-live")
        .get("/ready")
        .produces(JSON)
        .to("direct:api-ready");

    // its own operation, so that who may scrape can be decided apart from the API's keys
    rest("/")
        .get("metrics")
        .description("Metrics in the Prometheus text format: requests by route and status, process runs, steps and policy decisions,"
            + " retrievals and generations per run, ingestion, index size, Triton calls, the JVM")
        .produces(PROMETHEUS_TEXT)
        .to("direct:api-metrics");

    answerUnmatchedInJson();

    from("direct:api-query").routeId("api-query").process(this::query);
    from("direct:api-tools-search").routeId("api-tools-search").process(this::searchTools);
    from("direct:api-documents-add").routeId("api-documents-add").process(this::addDocuments);
    from("direct:api-documents-delete").routeId("api-documents-delete").process(this::deleteDocument);
    from("direct:api-processes-list").routeId("api-processes-list").process(this::listProcesses);
    from("direct:api-processes-deploy").routeId("api-processes-deploy").process(this::deploy);
    from("direct:api-llm-chat").routeId("api-llm-chat").process(this::chatCompletion);
    from("direct:api-chat-completions").routeId("api-chat-completions").process(this::processCompletion);
    from("direct:api-models").routeId("api-models").process(this::models);
    from("direct:api-live").routeId("api-live").process(ex -> reply(ex, 200, json.field("status", "UP")));
    from("direct:api-ready").routeId("api-ready").process(this::readiness);
    from("direct:api-metrics").routeId("api-metrics").process(this::scrape);
  }

  /** Requests that no route above takes get a JSON 404, 405 or 415 too (see {@link UnmatchedRequestHandler}). */
  private void answerUnmatchedInJson() throws Exception {
    List<UnmatchedRequestHandler.Operation> operations = new ArrayList<>();
    operations.add(UnmatchedRequestHandler.Operation.of("GET", "/openapi.json", null));
    for (RestDefinition rest : getRestCollection().getRests()) {
      for (VerbDefinition verb : rest.getVerbs()) {
        String consumes = verb.getConsumes() != null ? verb.getConsumes() : rest.getConsumes();
        operations.add(UnmatchedRequestHandler.Operation.of(verb.asVerb().toUpperCase(Locale.ROOT), rest.getPath() + verb.getPath(), consumes));
      }
    }
    UnmatchedRequestHandler handler = new UnmatchedRequestHandler(operations, settings.maxBodyBytes(), json);
    // the router exists once the platform-http server has started, which is before the routes start
    getContext()
        .addStartupListener(
            (context, alreadyStarted) -> {
              VertxPlatformHttpRouter router = context.getRegistry().findSingleByType(VertxPlatformHttpRouter.class);
              if (router != null) {
                handler.installOn(router);
              }
            });
  }

  private void query(Exchange ex) {
    Principal caller = queryCaller(ex);
    QueryRequest req = json.readQuery(body(ex), settings.defaultProcess(), settings.maxQueryChars(), processes.settings().timeouts().maximum())
        .askedBy(caller.access());
    if ((req.stream() || acceptsEventStream(ex.getIn())) && ex.getIn() instanceof HttpMessage http) {
      streamQuery(req, deadline(ex, req), new EventStream(http.getResponse(), json));
      return;
    }
    RagState result = run(req.process(), RagState.start(req.query()), deadline(ex, req));
    reply(ex, 200, json.answer(result, req.process()));
  }

  private static boolean acceptsEventStream(Message in) {
    String accept = in.getHeader("Accept", String.class);
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
  }

  /**
   * A query answered as server-sent events: {@code step} as each step finishes (its trace event,
   * the top candidates only), {@code generation} when a generation starts, {@code token} for each
   * piece of the answer as it is generated, {@code citations}, and {@code done} with the whole
   * answer (as the JSON reply has it, the trace included). A failure after the stream opened is an
   * {@code error} event with the status and code the JSON reply would have had. A client that
   * leaves cancels the run (its deadline) and stops the generation (the next write fails).
   */
  private void streamQuery(QueryRequest req, RunDeadline deadline, EventStream events) {
    if (processes.versions(req.process()).isEmpty()) {
      // known before the stream opens, so it is a 404 like the JSON reply's
      throw new UnknownProcessException(req.process(), processes.processes().stream().map(p -> p.key()).toList());
    }
    try {
      admission.run(deadline, () -> {
        events.open();
        StepListener steps = event -> {
          ObjectNode e = traceJson.event(event);
          JsonNode top = e.get("candidates");
          if (top.size() > STREAMED_CANDIDATES) {
            ArrayNode cut = e.putArray("candidates");
            for (int i = 0; i < STREAMED_CANDIDATES; i++) {
              cut.add(top.get(i));
            }
          }
          events.send("step", e);
        };
        GenerationListener tokens = new GenerationListener() {
          @Override
          public void started(String generator) {
            events.send("generation", json.field("generator", generator));
          }

          @Override
          public void token(String piece) {
            events.send("token", json.field("text", piece));
          }
        };
        RagState start = RagState.start(req.query()).with(StepRunner.LISTENER, steps).with(GenerateStep.LISTENER, tokens);
        RagState result = processes.run(req.process(), start, deadline);
        ObjectNode answer = json.answer(result, req.process());
        ObjectNode citations = json.object();
        citations.set("citations", answer.get("citations"));
        events.send("citations", citations);
        events.send("done", answer);
      });
    } catch (RuntimeException e) {
      endStreamWithError(e, events, error -> events.send("error", error));
    } finally {
      events.end();
    }
  }

  /** Whether {@code e} is, or was caused by, the client leaving. */
  private static boolean gone(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof EventStream.ClientGone || t instanceof RunCancelledException) {
        return true;
      }
    }
    return false;
  }

  private void searchTools(Exchange ex) {
    Principal caller = queryCaller(ex);
    QueryRequest req = json.readQuery(body(ex), TOOL_SEARCH, settings.maxQueryChars(), processes.settings().timeouts().maximum())
        .askedBy(caller.access());
    requireToolProcess(req.process());
    RagState result = run(req.process(), RagState.start(req.query()), deadline(ex, req));
    reply(ex, 200, json.toolSearch(result, req.process()));
  }

  /** A caller allowed to query now: a key with scope query, within its rate, on a ready server. */
  private Principal queryCaller(Exchange ex) {
    Principal caller = caller(ex, Scope.QUERY);
    rates.take(caller);
    requireReady();
    return caller;
  }

  /** Runs a process in one of the query slots, waiting for one until the deadline. */
  private RagState run(String process, RagState start, RunDeadline deadline) {
    return admission.call(deadline, () -> processes.run(process, start, deadline));
  }

  /**
   * The request's deadline, cancelled when the client closes the connection before the answer is
   * written: nobody would read it, and the run would hold a worker until its deadline.
   */
  private RunDeadline deadline(Exchange ex, QueryRequest req) {
    return deadline(ex, req.timeout().orElse(null));
  }

  private RunDeadline deadline(Exchange ex, java.time.Duration timeout) {
    RunDeadline deadline = processes.settings().timeouts().deadline(timeout);
    if (ex.getIn() instanceof HttpMessage http) {
      HttpServerResponse response = http.getResponse();
      // Vert.x calls this on its event loop while the run goes on in a worker thread; if the
      // connection closed before the handler was set, closed() says so
      response.closeHandler(closed -> deadline.cancel(CLIENT_GONE));
      if (response.closed()) {
        deadline.cancel(CLIENT_GONE);
      }
    }
    return deadline;
  }

  private void addDocuments(Exchange ex) {
    Principal caller = caller(ex, Scope.INGEST);
    requireReady();
    List<Document> docs = json.readDocuments(body(ex));
    IngestReport report = ingestor.ingestDocuments(docs, caller.access(), ProgressListener.NONE);
    reply(ex, report.failed() > 0 && report.written() == 0 && report.skipped() == 0 ? 422 : 200, json.ingestReport(report));
  }

  private void deleteDocument(Exchange ex) {
    Principal caller = caller(ex, Scope.INGEST);
    requireReady();
    String id = DocumentPath.id(ex.getMessage().getHeader(Exchange.HTTP_PATH, String.class));
    if (!ingestor.delete(id, caller.access())) {
      throw new ApiException(404, "unknown_document", "no document with id '" + id + "'");
    }
    reply(ex, 200, json.field("deleted", id));
  }

  private void deploy(Exchange ex) {
    Principal caller = caller(ex, Scope.ADMIN);
    byte[] xml = body(ex);
    if (xml.length == 0) {
      throw new ApiException(400, "bad_request", "request body is empty; expected BPMN 2.0 XML");
    }
    String name = ex.getMessage().getHeader("name", String.class);
    if (name == null || name.isBlank()) {
      name = "uploaded-" + UUID.randomUUID() + ".bpmn20.xml";
    } else if (!name.matches("[A-Za-z0-9._-]{1,128}") || !(name.endsWith(".bpmn20.xml") || name.endsWith(".bpmn"))) {
      throw new ApiException(400, "bad_request", "name must be a plain file name ending in .bpmn20.xml or .bpmn, was '" + name + "'");
    }
    DeployOutcome out = store.deploy(processes, name, xml, deployer(ex, caller), replace(ex.getMessage()));
    reply(ex, out.unchanged() ? 200 : 201, json.deployOutcome(out));
  }

  private static boolean replace(Message in) {
    String replace = in.getHeader("replace", String.class);
    if (replace == null || replace.equals("false")) {
      return false;
    }
    if (replace.equals("true")) {
      return true;
    }
    throw new ApiException(400, "bad_request", "replace must be 'true' or 'false', was '" + replace + "'");
  }

  /** Who deploys, as the record keeps it: the key's principal (never the key) and the client's address. */
  private static String deployer(Exchange ex, Principal caller) {
    String from = ex.getIn() instanceof HttpMessage http && http.getRequest().remoteAddress() != null
        ? http.getRequest().remoteAddress().hostAddress()
        : "an unknown address";
    return "key of " + caller.name() + " from " + from;
  }

  private void listProcesses(Exchange ex) {
    caller(ex, Scope.QUERY);
    reply(ex, 200, json.processes(processes.processes(), processes::versions));
  }

  /**
   * A tool process is one whose latest version runs the step {@code retrieve-tools}: only its
   * candidates are tools. An unknown process is left to the run, which answers 404.
   */
  private void requireToolProcess(String process) {
    Optional<Set<String>> steps = ProcessSteps.latest(processes, process);
    if (steps.isPresent() && !steps.get().contains(RetrieveToolsStep.NAME)) {
      throw new ApiException(400, "not_a_tool_process", "process '" + process + "' is not a tool process: it never runs the step '"
          + RetrieveToolsStep.NAME + "', so what it ranks are not tools; use " + TOOL_SEARCH + " or another process that runs it");
    }
  }

  private void models(Exchange ex) {
    caller(ex, Scope.QUERY);
    reply(ex, 200, processCompletions.models(processes.processes()));
  }

  /** {@code POST /v1/chat/completions}: a process answering as an OpenAI model ({@link ProcessCompletions}). */
  private void processCompletion(Exchange ex) {
    Principal caller = queryCaller(ex);
    ProcessCompletions.Request req = processCompletions.read(body(ex), settings.maxQueryChars()).askedBy(caller.access());
    if (processes.versions(req.process()).isEmpty()) {
      throw new ApiException(404, "model_not_found", "no model '" + req.process() + "': a model is a deployed process; GET /v1/models lists them");
    }
    RunDeadline deadline = deadline(ex, (java.time.Duration) null);
    String id = ProcessCompletions.newId();
    long created = System.currentTimeMillis() / 1000;
    if (req.stream() && ex.getIn() instanceof HttpMessage http) {
      streamProcessCompletion(req, deadline, id, created, new EventStream(http.getResponse(), json));
      return;
    }
    RagState result = run(req.process(), RagState.start(req.query()), deadline);
    reply(ex, 200, processCompletions.completion(id, created, result, req.process()));
  }

  /**
   * OpenAI's chunks for a process: the role at once; the answer's text as it is generated when the
   * process generates at most once ({@link ProcessSteps#runsAtMostOnce}), else whole when the run
   * ends, since a draft that a policy replaces cannot be taken back from an OpenAI client; each
   * finished step as an event-stream comment, which clients skip and a person watching sees; the
   * last chunk with the {@code caravan} extension; {@code [DONE]}.
   */
  private void streamProcessCompletion(ProcessCompletions.Request req, RunDeadline deadline, String id, long created, EventStream events) {
    boolean live = ProcessSteps.runsAtMostOnce(processes, req.process(), GENERATE);
    try {
      admission.run(deadline, () -> {
        events.data(processCompletions.roleChunk(id, created, req.process()));
        RagState start = RagState.start(req.query()).with(StepRunner.LISTENER, e -> events.comment("step " + e.step()));
        if (live) {
          start = start.with(GenerateStep.LISTENER, piece -> events.data(processCompletions.contentChunk(id, created, req.process(), piece)));
        }
        RagState result = processes.run(req.process(), start, deadline);
        if (!live && !ProcessCompletions.text(result).isEmpty()) {
          events.data(processCompletions.contentChunk(id, created, req.process(), ProcessCompletions.text(result)));
        }
        events.data(processCompletions.finalChunk(id, created, result, req.process()));
        events.raw("data: [DONE]\n\n");
      });
    } catch (RuntimeException e) {
      endStreamWithError(e, events, events::data); // OpenAI streams carry an error as a data event
    } finally {
      events.end();
    }
  }

  /** A failure of a streamed run: thrown on when nothing was sent yet, else an error event (nothing when the client left). */
  private void endStreamWithError(RuntimeException e, EventStream events, java.util.function.Consumer<JsonNode> sendError) {
    if (gone(e)) {
      LOG.debug("stream stopped: {}", CLIENT_GONE);
    } else if (!events.started()) {
      throw e; // nothing sent yet: the client gets the error with its own status
    } else {
      ErrorReply r = errorReply(e);
      try {
        sendError.accept(json.error(r.status(), r.code(), r.message(), r.details()));
      } catch (EventStream.ClientGone left) {
        LOG.debug("stream stopped: {}", CLIENT_GONE);
      }
    }
  }

  private void chatCompletion(Exchange ex) {
    queryCaller(ex);
    ChatModel model = ChatCompletions.model(chat);
    ChatCompletions.Completion request = completions.read(body(ex));
    admission.run(processes.settings().timeouts().deadline(null), () -> {
      if (request.stream() && ex.getIn() instanceof HttpMessage http) {
        streamCompletion(model, request, http.getResponse());
        return;
      }
      ChatCompletions.Reply r = completions.answer(model, request);
      Message out = ex.getMessage();
      out.removeHeaders("*");
      out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
      out.setHeader(Exchange.CONTENT_TYPE, r.contentType());
      out.setBody(r.body());
    });
  }

  /**
   * Writes the events straight to the connection as the model generates them; Camel then finds
   * the response ended and writes nothing. A client that goes away stops the generation. A failure
   * after the first event can no longer change the status: it ends the stream with an error event.
   */
  private void streamCompletion(ChatModel model, ChatCompletions.Completion request, HttpServerResponse response) {
    AtomicBoolean gone = new AtomicBoolean();
    response.closeHandler(closed -> gone.set(true));
    response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
    try {
      completions.stream(model, request, event -> {
        if (gone.get() || response.closed()) {
          throw new EventStream.ClientGone();
        }
        response.write(Buffer.buffer(event));
      });
    } catch (EventStream.ClientGone e) {
      LOG.debug("chat completion stream stopped: {}", CLIENT_GONE);
    } catch (RuntimeException e) {
      String id = UUID.randomUUID().toString();
      LOG.warn("chat completion stream failed, error id {}: {}", id, ErrorLog.stackTrace(e));
      String message = e instanceof IllegalArgumentException && !ClientMessage.namesJavaType(String.valueOf(e.getMessage()))
          ? e.getMessage()
          : "the generation failed (id " + id + "; details in the server log)";
      if (!response.closed()) {
        response.write(Buffer.buffer(completions.errorEvent(json.error(500, "generation_failed", message, List.of()))));
      }
    } finally {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    }
  }

  /**
   * {@code GET /metrics}: Prometheus text. With API keys it needs a key with scope {@code admin}
   * (a scraper sends it as a bearer token): the series name processes, steps and decisions.
   */
  private void scrape(Exchange ex) {
    if (!settings.auth().open()) {
      caller(ex, Scope.ADMIN);
    }
    Message out = ex.getMessage();
    out.removeHeaders("*");
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    out.setHeader(Exchange.CONTENT_TYPE, PROMETHEUS_TEXT);
    out.setBody(metrics.scrape().getBytes(StandardCharsets.UTF_8));
  }

  private void readiness(Exchange ex) {
    boolean ok = ready.getAsBoolean();
    reply(ex, ok ? 200 : 503, json.field("status", ok ? "READY" : "NOT_READY"));
  }

  private void requireReady() {
    if (!ready.getAsBoolean()) {
      throw new ApiException(503, "not_ready", "Caravan is starting (index, encoder or processes not ready yet); retry shortly")
          .withHeader("Retry-After", "5");
    }
  }

  /** The authenticated caller, who must hold {@code scope}: 401 or 403 otherwise. */
  private Principal caller(Exchange ex, Scope scope) {
    Message in = ex.getIn();
    return settings.auth().authenticate(name -> in.getHeader(name, String.class), scope);
  }

  private byte[] body(Exchange ex) {
    Long declared = ex.getMessage().getHeader(Exchange.CONTENT_LENGTH, Long.class);
    if (declared != null && declared > settings.maxBodyBytes()) {
      throw tooLarge(declared);
    }
    byte[] body = ex.getMessage().getBody(byte[].class);
    if (body == null) {
      return new byte[0];
    }
    if (body.length > settings.maxBodyBytes()) {
      throw tooLarge(body.length);
    }
    return body;
  }

  private ApiException tooLarge(long size) {
    return new ApiException(413, "too_large", "request body is " + size + " bytes; the limit is " + settings.maxBodyBytes());
  }

  private void renderError(Exchange ex) {
    ErrorReply e = errorReply(ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    reply(ex, e.status(), json.error(e.status(), e.code(), e.message(), e.details()));
    e.headers().forEach(ex.getMessage()::setHeader);
  }

  /** What the client is told of a failure: status, code, a message that never names a Java type, and headers. */
  private record ErrorReply(int status, String code, String message, List<String> details, Map<String, String> headers) {}

  private static ErrorReply errorReply(Throwable t) {
    int status;
    String code;
    String message = t.getMessage() == null ? "the request could not be handled" : t.getMessage();
    List<String> details = List.of();
    Map<String, String> headers = Map.of();
    if (t instanceof ApiException a) {
      status = a.status();
      code = a.code();
      details = a.details();
      headers = a.headers();
    } else if (t instanceof UnknownProcessException) {
      status = 404;
      code = "unknown_process";
    } else if (t instanceof ProcessExistsException) {
      status = 409;
      code = "process_exists";
    } else if (t instanceof InvalidProcessException ip) {
      status = 422;
      code = "invalid_bpmn";
      details = ApiJson.problems(ip.problems());
    } else if (t instanceof RunDeadlineExceededException) {
      status = 504;
      code = "deadline_exceeded";
    } else if (t instanceof RunCancelledException) {
      status = 499; // nginx's "client closed request": nobody reads it, the log and the counts do
      code = "client_closed_request";
    } else if (t instanceof LoopBoundExceededException) {
      status = 500;
      code = "loop_bound_exceeded";
    } else if (t instanceof ProcessException) {
      status = 500;
      code = "process_failed";
    } else if (t instanceof IllegalArgumentException) {
      status = 400;
      code = "bad_request";
    } else {
      String id = UUID.randomUUID().toString();
      LOG.error("request failed, error id {}: {}", id, ErrorLog.stackTrace(t));
      return new ErrorReply(500, "internal_error", "internal error (id " + id + "; details in the server log)", details, headers);
    }
    if (ClientMessage.namesJavaType(message) || (t instanceof ProcessException && status >= 500)) {
      // a process failure's message comes from whatever failed inside; the log keeps it whole
      String id = UUID.randomUUID().toString();
      LOG.warn("request failed ({} {}), error id {}: {}", status, code, id, ErrorLog.stackTrace(t));
      if (ClientMessage.namesJavaType(message)) {
        message = (status >= 500 ? "the request failed" : "the request was refused") + " (id " + id + "; details in the server log)";
      }
    }
    return new ErrorReply(status, code, message, details, headers);
  }

  private void reply(Exchange ex, int status, JsonNode node) {
    Message out = ex.getMessage();
    out.removeHeaders("*");
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    out.setHeader(Exchange.CONTENT_TYPE, JSON);
    out.setBody(json.bytes(node));
  }
}
