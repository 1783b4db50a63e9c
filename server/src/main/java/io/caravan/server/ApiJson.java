package io.caravan.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.agents.RewriteToolQueryStep;
import io.caravan.core.Answer;
import io.caravan.core.Decision;
import io.caravan.policies.tools.ToolRetrievalPolicy;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Access;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.Turn;
import io.caravan.core.document.Document;
import io.caravan.processes.DeployOutcome;
import io.caravan.processes.DeployedProcess;
import io.caravan.processes.ProcessProblem;
import io.caravan.processes.TraceJson;
import io.caravan.ingest.DeadLetter;
import io.caravan.ingest.DocumentResult;
import io.caravan.ingest.IngestReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The JSON shapes of the HTTP API, both ways. Requests are read strictly: an unknown field is an
 * error (a misspelt {@code top_k} silently ignored is worse than a 400), and every error names the
 * field. Responses are built by hand so the wire format is stable whatever the records grow.
 */
public final class ApiJson {

  private static final Set<String> QUERY_FIELDS = Set.of("query", "process", "k", "filters", "history", "timeout_ms", "stream");
  private static final Set<String> DOCUMENT_FIELDS = Set.of("id", "title", "text", "metadata", "acl");
  private static final java.util.regex.Pattern JACKSON_SOURCE = java.util.regex.Pattern.compile(",? from `[^`]*`");

  private final ObjectMapper json;
  private final TraceJson traceJson = new TraceJson();

  public ApiJson(ObjectMapper json) {
    this.json = json;
  }

  /** A parsed {@code POST /v1/query} body; {@code timeout} empty means the standard deadline. */
  public record QueryRequest(Query query, String process, Optional<Duration> timeout, boolean stream) {

    /** This request asked with {@code access}, the caller's: a body never sets whose documents a query sees. */
    public QueryRequest askedBy(Access access) {
      return new QueryRequest(query.withAccess(access), process, timeout, stream);
    }
  }

  public QueryRequest readQuery(byte[] body, String defaultProcess, int maxQueryChars, Duration maxTimeout) {
    JsonNode root = parseObject(body);
    rejectUnknown(root, QUERY_FIELDS, "");
    String text = requiredText(root, "query");
    if (text.length() > maxQueryChars) {
      throw new ApiException(413, "query_too_long", "query is " + text.length() + " characters; the limit is " + maxQueryChars);
    }
    String process = optionalText(root, "process", defaultProcess);
    int k = Query.DEFAULT_K;
    if (root.has("k")) {
      JsonNode kn = root.get("k");
      if (!kn.canConvertToInt() || !kn.isIntegralNumber()) {
        throw bad("'k' must be an integer");
      }
      k = kn.intValue();
    }
    Optional<Duration> timeout = timeout(root.get("timeout_ms"), maxTimeout);
    Map<String, String> filters = stringMap(root.get("filters"), "filters");
    List<Turn> history = new ArrayList<>();
    JsonNode h = root.get("history");
    if (h != null && !h.isNull()) {
      if (!h.isArray()) {
        throw bad("'history' must be an array of {\"role\", \"text\"}");
      }
      for (int i = 0; i < h.size(); i++) {
        JsonNode t = h.get(i);
        if (!t.isObject()) {
          throw bad("history[" + i + "] must be an object");
        }
        rejectUnknown(t, Set.of("role", "text"), "history[" + i + "].");
        String role = requiredText(t, "role");
        if (!role.equals("user") && !role.equals("assistant")) {
          throw bad("history[" + i + "].role must be 'user' or 'assistant', was '" + role + "'");
        }
        history.add(new Turn(role, requiredText(t, "text")));
      }
    }
    try {
      return new QueryRequest(new Query(text, k, filters, history), process, timeout, bool(root, "stream"));
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  /** {@code timeout_ms}: whole milliseconds from 1 to the maximum the operator allows. */
  private static Optional<Duration> timeout(JsonNode n, Duration max) {
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    long maxMs = max.toMillis();
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1) {
      throw bad("'timeout_ms' must be a whole number of milliseconds from 1 to " + maxMs + ", was " + n);
    }
    if (n.longValue() > maxMs) {
      throw bad("'timeout_ms' is " + n.longValue() + "; the maximum is " + maxMs + " (caravan.query.max-timeout-ms)");
    }
    return Optional.of(Duration.ofMillis(n.longValue()));
  }

  /** A {@code POST /v1/documents} body: one document object, or {@code {"documents": [...]}}. */
  public List<Document> readDocuments(byte[] body) {
    JsonNode root = parseObject(body);
    List<Document> docs = new ArrayList<>();
    if (root.has("documents")) {
      rejectUnknown(root, Set.of("documents"), "");
      JsonNode arr = root.get("documents");
      if (!arr.isArray() || arr.isEmpty()) {
        throw bad("'documents' must be a non-empty array");
      }
      for (int i = 0; i < arr.size(); i++) {
        docs.add(readDocument(arr.get(i), "documents[" + i + "]."));
      }
    } else {
      docs.add(readDocument(root, ""));
    }
    return docs;
  }

  private Document readDocument(JsonNode n, String at) {
    if (!n.isObject()) {
      throw bad(at + " must be an object");
    }
    rejectUnknown(n, DOCUMENT_FIELDS, at);
    String id = requiredText(n, "id");
    try {
      Document.checkId(id);
    } catch (IllegalArgumentException e) {
      throw bad(at + "'id': " + e.getMessage());
    }
    String text = n.has("text") ? n.get("text").asText("") : "";
    String title = optionalText(n, "title", "");
    if (text.isBlank() && title.isBlank()) {
      throw bad(at + "'text' or 'title' must be given for document '" + id + "'");
    }
    try {
      return new Document(id, title, text, stringMap(n.get("metadata"), at + "metadata"), "http", acl(n.get("acl"), at + "acl"));
    } catch (IllegalArgumentException e) {
      throw bad(at + "'acl': " + e.getMessage());
    }
  }

  /** A document's access list: an array of group names, absent or empty for none. */
  private static Set<String> acl(JsonNode n, String at) {
    if (n == null || n.isNull()) {
      return Set.of();
    }
    if (!n.isArray()) {
      throw bad("'" + at + "' must be an array of group names");
    }
    Set<String> groups = new java.util.TreeSet<>();
    for (JsonNode g : n) {
      if (!g.isTextual()) {
        throw bad("'" + at + "' must be an array of group names, found " + g.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
      }
      groups.add(g.textValue());
    }
    return groups;
  }

  public ObjectNode answer(RagState s, String process) {
    ObjectNode out = json.createObjectNode();
    out.put("id", s.id());
    out.put("process", process);
    out.put("query", s.query().text());
    Answer a = s.answer();
    ObjectNode answer = out.putObject("answer");
    if (a == null) {
      answer.putNull("text");
    } else {
      answer.put("text", a.text());
      putNumber(answer, "confidence", a.confidence());
      answer.put("generator", a.generator());
    }
    ArrayNode citations = out.putArray("citations");
    for (Citation c : a == null ? List.<Citation>of() : a.citations()) {
      ObjectNode cn = citations.addObject();
      cn.put("docId", c.docId());
      cn.put("chunkId", c.chunkId());
      cn.put("title", c.title());
      cn.put("start", c.start());
      cn.put("end", c.end());
      cn.put("quote", c.quote());
    }
    ArrayNode passages = out.putArray("passages");
    int rank = 1;
    for (Candidate c : s.candidates()) {
      ObjectNode p = passages.addObject();
      p.put("rank", rank++);
      p.put("docId", c.docId());
      p.put("chunkId", c.chunkId());
      p.put("title", c.passage().title());
      p.put("text", c.passage().text());
      p.put("start", c.passage().start());
      p.put("end", c.passage().end());
      putNumber(p, "score", c.score());
      ObjectNode scores = p.putObject("scores");
      c.scores().forEach((k, v) -> putNumber(scores, k, v));
      if (!c.passage().metadata().isEmpty()) {
        p.set("metadata", json.valueToTree(c.passage().metadata()));
      }
    }
    out.set("trace", trace(s));
    out.put("traceText", s.trace().render(5));
    return out;
  }

  /**
   * A tool search: every ranked tool with its scores, which of them the {@code tool-retrieval}
   * decision handed over ({@code selected}), the query as asked and as rewritten, and the trace.
   */
  public ObjectNode toolSearch(RagState s, String process) {
    ObjectNode out = json.createObjectNode();
    out.put("id", s.id());
    out.put("process", process);
    String asked = s.get(RewriteToolQueryStep.ORIGINAL).orElse(s.query().text());
    out.put("query", asked);
    if (!asked.equals(s.query().text())) {
      out.put("rewrittenQuery", s.query().text());
    }
    int k = s.get(ToolRetrievalPolicy.DECISION).map(Decision::payload).orElse(s.candidates().size());
    out.put("k", k);
    ArrayNode tools = out.putArray("tools");
    int rank = 1;
    for (Candidate c : s.candidates()) {
      ObjectNode t = tools.addObject();
      t.put("rank", rank);
      t.put("name", c.docId());
      t.put("selected", rank++ <= k);
      putNumber(t, "score", c.score());
      ObjectNode scores = t.putObject("scores");
      c.scores().forEach((key, v) -> putNumber(scores, key, v));
      t.put("text", c.passage().text());
    }
    out.set("trace", trace(s));
    out.put("traceText", s.trace().render(5));
    return out;
  }

  private ObjectNode trace(RagState s) {
    ObjectNode t = json.createObjectNode();
    t.put("totalMs", s.trace().totalDuration().toNanos() / 1e6);
    t.set("events", traceJson.events(s.trace()));
    return t;
  }

  public ObjectNode ingestReport(IngestReport r) {
    ObjectNode out = json.createObjectNode();
    out.put("added", r.added());
    out.put("updated", r.updated());
    out.put("skipped", r.skipped());
    out.put("failed", r.failed());
    out.put("chunks", r.chunks());
    out.put("elapsedMs", r.elapsed().toMillis());
    ArrayNode dl = out.putArray("deadLetters");
    for (DeadLetter d : r.deadLetters()) {
      dl.addObject().put("source", d.source()).put("reason", d.reason()).put("time", d.time().toString());
    }
    ArrayNode docs = out.putArray("documents");
    for (DocumentResult d : r.documents()) {
      ObjectNode n = docs.addObject().put("id", d.id()).put("outcome", d.outcome().label()).put("chunks", d.chunks());
      if (d.reason().isEmpty()) {
        n.putNull("reason");
      } else {
        n.put("reason", d.reason());
      }
    }
    return out;
  }

  public ObjectNode process(DeployedProcess p) {
    ObjectNode n = json.createObjectNode();
    n.put("key", p.key());
    n.put("name", p.name());
    n.put("version", p.version());
    n.put("resource", p.resourceName());
    putProvenance(n, p);
    return n;
  }

  /** Every latest version, each with all its versions ({@code versionsOf} by key), oldest first. */
  public ArrayNode processes(List<DeployedProcess> latest, Function<String, List<DeployedProcess>> versionsOf) {
    ArrayNode arr = json.createArrayNode();
    for (DeployedProcess p : latest) {
      ObjectNode n = process(p);
      ArrayNode versions = n.putArray("versions");
      for (DeployedProcess v : versionsOf.apply(p.key())) {
        ObjectNode vn = versions.addObject().put("version", v.version()).put("resource", v.resourceName());
        putProvenance(vn, v);
      }
      arr.add(n);
    }
    return arr;
  }

  /** A deploy's answer: the process now in place, whether anything changed, and what it replaced (or null). */
  public ObjectNode deployOutcome(DeployOutcome out) {
    ObjectNode n = process(out.process());
    n.put("unchanged", out.unchanged());
    if (out.replaced().isPresent()) {
      DeployedProcess r = out.replaced().get();
      putProvenance(n.putObject("replaced").put("version", r.version()).put("resource", r.resourceName()), r);
    } else {
      n.putNull("replaced");
    }
    return n;
  }

  private static void putProvenance(ObjectNode n, DeployedProcess p) {
    n.put("origin", p.origin().label());
    n.put("deployedAt", p.deployedAt().toString());
    if (p.deployedBy().isEmpty()) {
      n.putNull("deployedBy");
    } else {
      n.put("deployedBy", p.deployedBy());
    }
  }

  /** An empty object to fill. */
  public ObjectNode object() {
    return json.createObjectNode();
  }

  /** An optional boolean field: absent or null is false; anything but true or false is 400. */
  private static boolean bool(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw bad("'" + field + "' must be true or false, was " + n);
    }
    return n.booleanValue();
  }

  /** A one-field object such as {@code {"status": "UP"}}. */
  public ObjectNode field(String name, String value) {
    return json.createObjectNode().put(name, value);
  }

  public ObjectNode error(int status, String code, String message, List<String> details) {
    ObjectNode out = json.createObjectNode();
    ObjectNode e = out.putObject("error");
    e.put("status", status);
    e.put("code", code);
    e.put("message", message);
    ArrayNode d = e.putArray("details");
    details.forEach(d::add);
    return out;
  }

  public static List<String> problems(List<ProcessProblem> problems) {
    return problems.stream().map(ProcessProblem::toString).toList();
  }

  public byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private JsonNode parseObject(byte[] body) {
    if (body == null || body.length == 0) {
      throw bad("request body is empty; expected a JSON object");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (java.io.IOException e) {
      String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      // Jackson names the limit's Java accessor: "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)"
      throw bad("malformed JSON: " + (msg == null ? "unreadable" : JACKSON_SOURCE.matcher(msg).replaceAll("")));
    }
    if (root == null || !root.isObject()) {
      throw bad("expected a JSON object");
    }
    return root;
  }

  private static void rejectUnknown(JsonNode n, Set<String> allowed, String at) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw bad("unknown field '" + at + f + "'; allowed: " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  private static String requiredText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw bad("'" + field + "' is required");
    }
    if (!v.isTextual()) {
      throw bad("'" + field + "' must be a string");
    }
    if (v.textValue().isBlank()) {
      throw bad("'" + field + "' must not be blank");
    }
    return v.textValue();
  }

  private static String optionalText(JsonNode n, String field, String fallback) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw bad("'" + field + "' must be a string");
    }
    return v.textValue();
  }

  private static Map<String, String> stringMap(JsonNode n, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw bad("'" + field + "' must be an object of string values");
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw bad("'" + field + "." + e.getKey() + "' must be a string, number or boolean");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static void putNumber(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    } else {
      n.putNull(field);
    }
  }

  private static ApiException bad(String message) {
    return new ApiException(400, "bad_request", message);
  }
}
