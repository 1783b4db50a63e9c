package io.caravan.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import io.caravan.agents.RetrieveToolsStep;
import io.caravan.core.ClientMessage;
import io.caravan.core.RagState;
import io.caravan.core.document.Document;
import io.caravan.processes.DeployOutcome;
import io.caravan.processes.InvalidProcessException;
import io.caravan.processes.LoopBoundExceededException;
import io.caravan.processes.ProcessException;
import io.caravan.processes.ProcessExistsException;
import io.caravan.processes.ProcessRunner;
import io.caravan.processes.ProcessStore;
import io.caravan.processes.RunCancelledException;
import io.caravan.processes.RunDeadline;
import io.caravan.processes.RunDeadlineExceededException;
import io.caravan.processes.ProcessSteps;
import io.caravan.processes.UnknownProcessException;
import io.caravan.server.ApiJson.QueryRequest;
import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import io.caravan.ingest.SourceIngestor;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
 * POST   /v1/query              question -> answer, citations, passages, trace
 * POST   /v1/tools/search       {"query", "k"} -> ranked tools, the cut, the trace (process tool-search)
 * POST   /v1/documents          one document or {"documents": [...]} -> ingest report
 * DELETE /v1/documents/{id}     remove a document
 * GET    /v1/processes          deployed BPMN processes: origin, who and when, every version
 * POST   /v1/processes?name=f   deploy a BPMN file (admin key required; &amp;replace=true to replace an id)
 * GET    /health/live, /health/ready, /openapi.json
 * GET    /metrics               Prometheus text: requests, runs, steps, decisions, ingestion, index, JVM
 * POST   /llm/v1/chat/completions  OpenAI chat completions over the instance's chat model ({@link ChatCompletions})
 * </pre>
 *
 * Every error is JSON with the status that says what went wrong (400 malformed, 401/403 admin, 404
 * unknown process or document, 409 process id exists, 413 too large, 422 invalid BPMN, 503 not ready, 504 past the
 * query's deadline) and never a stack trace; unexpected failures are logged with an id that the
 * response quotes. A query runs under a deadline ({@code timeout_ms}, else the standard one) that
 * is cancelled when the client closes the connection.
 */
public final class HttpApiRoutes extends RouteBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApiRoutes.class);
  private static final String JSON = "application/json";
  /** The text exposition format every Prometheus version scrapes. */
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String TOOL_SEARCH = "tool-search";
  private static final String CLIENT_GONE = "the client closed the connection";

  private final ProcessRunner processes;
  private final ProcessStore store;
  private final SourceIngestor ingestor;
  private final BooleanSupplier ready;
  private final HttpSettings settings;
  private final ApiJson json;
  private final Optional<ChatModel> chat;
  private final ChatCompletions completions;
  private final PrometheusMeterRegistry metrics;

  /**
   * @param store keeps what {@code POST /v1/processes} deploys, so that a restart brings it back
   * @param chat the model {@code /llm/v1/chat/completions} serves; empty answers it with 404
   * @param metrics what {@code GET /metrics} answers with
   */
  public HttpApiRoutes(
      ProcessRunner processes, ProcessStore store, SourceIngestor ingestor, BooleanSupplier ready, HttpSettings settings, ApiJson json,
      Optional<ChatModel> chat, PrometheusMeterRegistry metrics) {
    this.processes = processes;
    this.store = store;
    this.ingestor = ingestor;
    this.ready = ready;
    this.settings = settings;
    this.json = json;
    this.chat = chat;
    this.completions = new ChatCompletions(new ObjectMapper());
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
        .description("Answer a question through a BPMN process (default: " + settings.defaultProcess() + "); timeout_ms bounds the run (504 past it)")
        .consumes(JSON)
        .produces(JSON)
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
        .description("Deploy a BPMN 2.0 file (validated; needs the admin key in X-Caravan-Admin-Key; replacing an existing process id needs ?replace=true; kept across restarts)")
        .consumes("application/xml")
        .produces(JSON)
        .to("direct:api-processes-deploy");

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
    from("direct:api-processes-list").routeId("api-processes-list").process(ex -> reply(ex, 200, json.processes(processes.processes(), processes::versions)));
    from("direct:api-processes-deploy").routeId("api-processes-deploy").process(this::deploy);
    from("direct:api-llm-chat").routeId("api-llm-chat").process(this::chatCompletion);
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
    requireReady();
    QueryRequest req = json.readQuery(body(ex), settings.defaultProcess(), settings.maxQueryChars(), processes.settings().timeouts().maximum());
    RagState result = processes.run(req.process(), RagState.start(req.query()), deadline(ex, req));
    reply(ex, 200, json.answer(result, req.process()));
  }

  private void searchTools(Exchange ex) {
    requireReady();
    QueryRequest req = json.readQuery(body(ex), TOOL_SEARCH, settings.maxQueryChars(), processes.settings().timeouts().maximum());
    requireToolProcess(req.process());
    RagState result = processes.run(req.process(), RagState.start(req.query()), deadline(ex, req));
    reply(ex, 200, json.toolSearch(result, req.process()));
  }

  /**
   * The request's deadline, cancelled when the client closes the connection before the answer is
   * written: nobody would read it, and the run would hold a worker until its deadline.
   */
  private RunDeadline deadline(Exchange ex, QueryRequest req) {
    RunDeadline deadline = processes.settings().timeouts().deadline(req.timeout().orElse(null));
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
    requireReady();
    List<Document> docs = json.readDocuments(body(ex));
    IngestReport report = ingestor.ingestDocuments(docs, ProgressListener.NONE);
    reply(ex, report.failed() > 0 && report.written() == 0 && report.skipped() == 0 ? 422 : 200, json.ingestReport(report));
  }

  private void deleteDocument(Exchange ex) {
    requireReady();
    String id = DocumentPath.id(ex.getMessage().getHeader(Exchange.HTTP_PATH, String.class));
    if (!ingestor.delete(id)) {
      throw new ApiException(404, "unknown_document", "no document with id '" + id + "'");
    }
    reply(ex, 200, json.field("deleted", id));
  }

  private void deploy(Exchange ex) {
    requireAdmin(ex.getMessage());
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
    DeployOutcome out = store.deploy(processes, name, xml, deployer(ex), replace(ex.getMessage()));
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

  /**
   * Who deploys, as the record keeps it: a short hash of the admin key (which tells keys apart
   * after a rotation without revealing any) and the client's address.
   */
  private String deployer(Exchange ex) {
    String key;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(settings.adminKey().getBytes(StandardCharsets.UTF_8));
      key = HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    String from = ex.getIn() instanceof HttpMessage http && http.getRequest().remoteAddress() != null
        ? http.getRequest().remoteAddress().hostAddress()
        : "an unknown address";
    return "admin key sha256:" + key + " from " + from;
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

  private void chatCompletion(Exchange ex) {
    requireReady();
    ChatModel model = ChatCompletions.model(chat);
    ChatCompletions.Completion request = completions.read(body(ex));
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
          throw new ClientGone();
        }
        response.write(Buffer.buffer(event));
      });
    } catch (ClientGone e) {
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

  /** Thrown from a stream's writer to stop the generation nobody reads any more. */
  private static final class ClientGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClientGone() {
      super(CLIENT_GONE, null, false, false);
    }
  }

  private void scrape(Exchange ex) {
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
      throw new ApiException(503, "not_ready", "Caravan is starting (index, encoder or processes not ready yet); retry shortly");
    }
  }

  private void requireAdmin(Message in) {
    if (settings.adminKey().isEmpty()) {
      throw new ApiException(403, "admin_disabled", "deploying processes is disabled: start the server with an admin key (CARAVAN_ADMIN_KEY)");
    }
    String given = in.getHeader("X-Caravan-Admin-Key", String.class);
    if (given == null) {
      String auth = in.getHeader("Authorization", String.class);
      if (auth != null && auth.startsWith("Bearer ")) {
        given = auth.substring(7).trim();
      }
    }
    // constant-time comparison: a key check must not leak how many leading characters matched
    if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), settings.adminKey().getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(401, "unauthorized", "a valid admin key is required (header X-Caravan-Admin-Key)");
    }
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
    Throwable t = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    int status;
    String code;
    String message = t.getMessage() == null ? "the request could not be handled" : t.getMessage();
    List<String> details = List.of();
    if (t instanceof ApiException a) {
      status = a.status();
      code = a.code();
      details = a.details();
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
      status = 500;
      code = "internal_error";
      message = "internal error (id " + id + "; details in the server log)";
    }
    if (ClientMessage.namesJavaType(message) || (t instanceof ProcessException && status >= 500)) {
      // a process failure's message comes from whatever failed inside; the log keeps it whole
      String id = UUID.randomUUID().toString();
      LOG.warn("request failed ({} {}), error id {}: {}", status, code, id, ErrorLog.stackTrace(t));
      if (ClientMessage.namesJavaType(message)) {
        message = (status >= 500 ? "the request failed" : "the request was refused") + " (id " + id + "; details in the server log)";
      }
    }
    reply(ex, status, json.error(status, code, message, details));
  }

  private void reply(Exchange ex, int status, JsonNode node) {
    Message out = ex.getMessage();
    out.removeHeaders("*");
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    out.setHeader(Exchange.CONTENT_TYPE, JSON);
    out.setBody(json.bytes(node));
  }
}
