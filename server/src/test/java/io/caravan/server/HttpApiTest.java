package io.caravan.server;

import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.server.ApiClient.Reply;
import io.caravan.core.Query;
import io.caravan.core.document.Document;
import io.caravan.ingest.DocumentFileReader;
import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hosted endpoint end to end on the real stack: one Caravan per class (in-process int8
 * encoder, Lucene in a temporary folder, Flowable, Camel platform-http on a free port) with the
 * sample corpus ingested once, and java.net.http as the client. Tests that write (documents,
 * deployments) use ids of their own, so the order the methods run in does not matter.
 */
@TestInstance(Lifecycle.PER_CLASS)
class HttpApiTest {

  static final Path CORPUS = Path.of("../examples/sample-corpus/docs");
  static final Path QUESTIONS = Path.of("../examples/sample-corpus/questions.jsonl");
  private static final String ADMIN_KEY = "test-admin-key-7f3a";
  private static final int MAX_BODY_BYTES = 4096;
  private static final int MAX_QUERY_CHARS = 1000;

  // static: with one instance per class, JUnit injects only static temporary folders before @BeforeAll
  @TempDir static Path data;

  private final ObjectMapper mapper = new ObjectMapper();
  private Caravan caravan;
  private ServedCaravan served;
  private ApiClient api;
  /** The sample corpus as the ingest parsers read it, by id: the bodies citation offsets point into. */
  private final Map<String, Document> corpus = new HashMap<>();
  private final Map<String, JsonNode> questions = new LinkedHashMap<>();
  /** Documents the tests here posted, by id, as last posted: what offsets into them are checked against. */
  private final Map<String, Document> posted = new ConcurrentHashMap<>();

  @BeforeAll
  void start() throws Exception {
    CaravanSettings settings =
        CaravanSettings.defaultsOnly()
            .with("caravan.data", data.toString())
            .with("caravan.encoder", "int8")
            .with("caravan.http.port", "0")
            .with("caravan.http.auth", "open")
            .with("caravan.http.max-body-bytes", Integer.toString(MAX_BODY_BYTES))
            .with("caravan.http.max-query-chars", Integer.toString(MAX_QUERY_CHARS))
            // sixteen concurrent queries below must all be admitted: two slots and sixteen places in the queue
            .with("caravan.http.max-in-flight", "2")
            .with("caravan.http.max-queued", "16")
            .with("caravan.admin.key", ADMIN_KEY);
    // an empty environment: no chat model configured, so the extractive generator answers
    served = ServedCaravan.start(settings);
    caravan = served.caravan();
    IngestReport report = caravan.ingest(CORPUS, ProgressListener.NONE);
    assertThat(report.failed()).as("dead letters: %s", report.deadLetters()).isZero();
    assertThat(report.added()).isGreaterThanOrEqualTo(36);
    api = new ApiClient(served.httpPort());

    DocumentFileReader reader = DocumentFileReader.defaults();
    try (Stream<Path> files = Files.walk(CORPUS)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        reader.read(CORPUS, f).documents().forEach(d -> corpus.put(d.id(), d));
      }
    }
    for (String line : Files.readAllLines(QUESTIONS, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        JsonNode q = mapper.readTree(line);
        questions.put(q.get("id").textValue(), q);
      }
    }
  }

  @AfterAll
  void stop() {
    if (served != null) {
      served.close();
    }
  }

  // ---- POST /v1/query ----------------------------------------------------------------------------

  @Test
  void answersAQuestionWithCitationsPassagesAndTrace() {
    JsonNode q01 = questions.get("q01");
    Reply reply = api.postJson("/v1/query", Map.of("query", q01.get("question").textValue()));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    JsonNode out = reply.json();
    assertThat(out.get("process").textValue()).isEqualTo("rag");
    assertThat(out.get("query").textValue()).isEqualTo(q01.get("question").textValue());
    assertThat(out.get("id").textValue()).isNotBlank();
    assertThat(out.at("/answer/text").textValue()).isNotBlank();
    assertThat(out.at("/answer/generator").textValue()).isEqualTo("extractive");

    JsonNode citations = out.get("citations");
    assertThat(citations.size()).isPositive();
    for (JsonNode c : citations) {
      Document doc = document(c.get("docId").textValue());
      int start = c.get("start").intValue();
      int end = c.get("end").intValue();
      assertThat(start).isGreaterThanOrEqualTo(0).isLessThan(end);
      assertThat(end).isLessThanOrEqualTo(doc.text().length());
      assertThat(doc.text().substring(start, end)).isEqualTo(c.get("quote").textValue());
      assertThat(c.get("chunkId").textValue()).startsWith(doc.id());
    }

    JsonNode passages = out.get("passages");
    assertThat(passages.size()).isBetween(1, Query.DEFAULT_K);
    List<String> docIds = new ArrayList<>();
    double previous = Double.POSITIVE_INFINITY;
    for (int i = 0; i < passages.size(); i++) {
      JsonNode p = passages.get(i);
      assertThat(p.get("rank").intValue()).isEqualTo(i + 1);
      double score = p.get("score").doubleValue();
      assertThat(score).isLessThanOrEqualTo(previous);
      previous = score;
      // the second stage's score orders the list; the first stage's fused score is kept beside it
      assertThat(p.at("/scores/learned-fusion").doubleValue()).isEqualTo(score);
      assertThat(p.at("/scores/rrf").isNumber()).isTrue();
      Document doc = document(p.get("docId").textValue());
      assertThat(doc.text().substring(p.get("start").intValue(), p.get("end").intValue())).isEqualTo(p.get("text").textValue());
      docIds.add(doc.id());
    }
    assertThat(docIds).contains(q01.get("doc").textValue());
    JsonNode expected = passages.get(docIds.indexOf(q01.get("doc").textValue()));
    // found by both first-stage lists, so every stage left its score
    assertThat(expected.at("/scores/bm25").doubleValue()).isPositive();
    assertThat(expected.at("/scores/dense").doubleValue()).isPositive();
    assertThat(expected.at("/metadata/topic").textValue()).isEqualTo("animals");

    JsonNode events = out.at("/trace/events");
    assertThat(events.findValuesAsText("step")).containsExactly("retrieve", "rerank", "generate");
    assertThat(events.get(0).at("/inputs/query").textValue()).isEqualTo(q01.get("question").textValue());
    assertThat(events.get(0).get("candidates").size()).isGreaterThanOrEqualTo(passages.size());
    assertThat(out.at("/trace/totalMs").doubleValue()).isGreaterThanOrEqualTo(0);
    assertThat(out.get("traceText").textValue()).contains("retrieve", "rerank", "generate", q01.get("doc").textValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"q02", "q05", "q09", "q14", "q22"})
  void findsTheDocumentAQuestionIsAbout(String id) {
    JsonNode q = questions.get(id);
    JsonNode out = api.postJson("/v1/query", Map.of("query", q.get("question").textValue(), "k", 5)).json();
    assertThat(out.get("passages").findValuesAsText("docId")).contains(q.get("doc").textValue());
  }

  @Test
  void metadataFiltersRestrictThePassagesToMatchingDocuments() {
    String question = "Which caravan city grew rich on trade across the desert?";
    JsonNode cities = api.postJson("/v1/query", Map.of("query", question, "k", 10, "filters", Map.of("topic", "cities"))).json();
    List<String> docs = cities.get("passages").findValuesAsText("docId");
    assertThat(docs).isNotEmpty().allMatch(Set.of("palmyra", "samarkand", "timbuktu")::contains);
    assertThat(cities.get("passages").findValuesAsText("topic")).containsOnly("cities");
    assertThat(cities.at("/trace/events/0/inputs/filters/topic").textValue()).isEqualTo("cities");

    JsonNode both = api.postJson("/v1/query", Map.of("query", question, "k", 10, "filters", Map.of("topic", "cities", "region", "central-asia"))).json();
    assertThat(both.get("passages").findValuesAsText("docId")).isNotEmpty().containsOnly("samarkand");

    JsonNode unfiltered = api.postJson("/v1/query", Map.of("query", question, "k", 10)).json();
    assertThat(unfiltered.get("passages").findValuesAsText("docId")).isNotEmpty().anyMatch(d -> !Set.of("palmyra", "samarkand", "timbuktu").contains(d));

    Reply none = api.postJson("/v1/query", Map.of("query", question, "filters", Map.of("topic", "no-such-topic")));
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.json().get("passages").size()).isZero();
    assertThat(none.json().get("citations").size()).isZero();
  }

  @Test
  void acceptsHistoryAndAnExplicitProcess() {
    Map<String, Object> body =
        Map.of(
            "query", "What do silkworms eat almost exclusively?",
            "process", "rag",
            "k", 3,
            "history", List.of(Map.of("role", "user", "text", "Tell me about silk."), Map.of("role", "assistant", "text", "Silk is spun by silkworms.")));
    Reply reply = api.postJson("/v1/query", body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("process").textValue()).isEqualTo("rag");
    assertThat(reply.json().get("passages").size()).isBetween(1, 3);
    assertThat(reply.json().get("passages").findValuesAsText("docId")).contains("silk-production");
  }

  static Stream<Arguments> badQueries() {
    String longQuery = "camel ".repeat(MAX_QUERY_CHARS / 6 + 1);
    return Stream.of(
        Arguments.of("malformed JSON", "{\"query\": ", 400, "bad_request", "malformed JSON"),
        Arguments.of("empty body", "", 400, "bad_request", "empty"),
        Arguments.of("not an object", "[\"query\"]", 400, "bad_request", "JSON object"),
        Arguments.of("missing query", "{\"k\": 3}", 400, "bad_request", "'query' is required"),
        Arguments.of("blank query", "{\"query\": \"  \\n \"}", 400, "bad_request", "must not be blank"),
        Arguments.of("query not a string", "{\"query\": 42}", 400, "bad_request", "'query' must be a string"),
        Arguments.of("k as string", "{\"query\": \"camels\", \"k\": \"5\"}", 400, "bad_request", "'k' must be an integer"),
        Arguments.of("k fractional", "{\"query\": \"camels\", \"k\": 2.5}", 400, "bad_request", "'k' must be an integer"),
        Arguments.of("k zero", "{\"query\": \"camels\", \"k\": 0}", 400, "bad_request", "k must be between"),
        Arguments.of("k too large", "{\"query\": \"camels\", \"k\": 1001}", 400, "bad_request", "k must be between"),
        Arguments.of("filters not an object", "{\"query\": \"camels\", \"filters\": \"topic=cities\"}", 400, "bad_request", "'filters' must be an object"),
        Arguments.of("filter value an object", "{\"query\": \"camels\", \"filters\": {\"topic\": {\"is\": \"cities\"}}}", 400, "bad_request", "filters.topic"),
        Arguments.of("history not an array", "{\"query\": \"camels\", \"history\": \"earlier\"}", 400, "bad_request", "'history' must be an array"),
        Arguments.of("history bad role", "{\"query\": \"camels\", \"history\": [{\"role\": \"system\", \"text\": \"x\"}]}", 400, "bad_request", "history[0].role"),
        Arguments.of("process not a string", "{\"query\": \"camels\", \"process\": 7}", 400, "bad_request", "'process' must be a string"),
        Arguments.of("unknown field", "{\"query\": \"camels\", \"top_k\": 3}", 400, "bad_request", "unknown field 'top_k'"),
        Arguments.of("unknown process", "{\"query\": \"camels\", \"process\": \"no-such-process\"}", 404, "unknown_process", "no-such-process"),
        Arguments.of("query too long", "{\"query\": \"" + longQuery + "\"}", 413, "query_too_long", "limit is " + MAX_QUERY_CHARS),
        Arguments.of("body too large", "{\"query\": \"camels\", \"filters\": {\"pad\": \"" + "x".repeat(MAX_BODY_BYTES) + "\"}}", 413, "too_large", "limit is " + MAX_BODY_BYTES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badQueries")
  void badQueriesGetAJsonErrorWithoutAStackTrace(String what, String body, int status, String code, String message) {
    JsonNode error = api.postJson("/v1/query", body).assertError(status, code);
    assertThat(error.get("message").textValue()).contains(message);
  }

  @Test
  void aBodyOverTheLimitIsRefusedAlsoWhenItsLengthIsNotDeclared() {
    // an input-stream body goes out chunked, without Content-Length: the limit must hold on the bytes
    byte[] big = ("{\"query\": \"camels\", \"filters\": {\"pad\": \"" + "y".repeat(2 * MAX_BODY_BYTES) + "\"}}").getBytes(StandardCharsets.UTF_8);
    Reply reply = api.post("/v1/query", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), Map.of("Content-Type", ApiClient.JSON));
    reply.assertError(413, "too_large");
  }

  @Test
  void aBodyFarOverTheLimitIsRefusedInJsonBeforeAnyRouteRuns() {
    // over the HTTP server's own cap (the API's limit plus 1 MiB), so Vert.x refuses it, not the route
    String body = "{\"query\": \"camels\", \"filters\": {\"pad\": \"" + "z".repeat(MAX_BODY_BYTES + (1 << 20) + 10) + "\"}}";
    JsonNode error = api.postJson("/v1/query", body).assertError(413, "too_large");
    assertThat(error.get("message").textValue()).isEqualTo("request body is larger than the limit of " + MAX_BODY_BYTES + " bytes");
  }

  @Test
  void requestsNoRouteTakesAreAnsweredInJson() {
    assertThat(api.get("/v1/nowhere").assertError(404, "not_found").get("message").textValue()).contains("/v1/nowhere");
    api.get("/").assertError(404, "not_found");
    api.postJson("/v2/query", "{\"query\": \"camels\"}").assertError(404, "not_found");
    assertThat(api.get("/v1/query").assertError(405, "method_not_allowed").get("message").textValue()).contains("POST");
    api.delete("/v1/processes").assertError(405, "method_not_allowed");
    // java.net.http sends no Content-Type unless told to
    Reply noType = api.post("/v1/query", BodyPublishers.ofString("{\"query\": \"camels\"}"), Map.of());
    assertThat(noType.assertError(415, "unsupported_media_type").get("message").textValue()).contains("application/json");
    api.post("/v1/query", BodyPublishers.ofString("query=camels"), Map.of("Content-Type", "application/x-www-form-urlencoded"))
        .assertError(415, "unsupported_media_type");
  }

  // ---- documents ---------------------------------------------------------------------------------

  @Test
  void addedDocumentsAreFoundThenSkippedWhenUnchangedAndUpdatedWhenChanged() {
    String text = "The Blue Heron ferry crossed the Zarafshan river at Panjakent every morning. It carried apricots and salt.";
    Map<String, Object> doc = Map.of("id", "http-ferry", "title", "The Panjakent ferry", "text", text, "metadata", Map.of("topic", "ferries"));
    JsonNode added = addDocuments(List.of(doc));
    assertThat(added.get("added").intValue()).isEqualTo(1);
    assertThat(added.get("chunks").intValue()).isPositive();

    String question = "Which ferry crossed the Zarafshan river at Panjakent?";
    JsonNode found = api.postJson("/v1/query", Map.of("query", question, "k", 3)).json();
    assertThat(found.at("/passages/0/docId").textValue()).isEqualTo("http-ferry");
    assertThat(found.at("/passages/0/metadata/topic").textValue()).isEqualTo("ferries");
    JsonNode citation = found.at("/citations/0");
    assertThat(citation.get("docId").textValue()).isEqualTo("http-ferry");
    assertThat(text.substring(citation.get("start").intValue(), citation.get("end").intValue())).isEqualTo(citation.get("quote").textValue());

    JsonNode again = addDocuments(List.of(doc));
    assertThat(again.get("skipped").intValue()).isEqualTo(1);
    assertThat(again.get("added").intValue() + again.get("updated").intValue()).isZero();

    String changed = "The Grey Crane ferry crossed the Zarafshan river at Panjakent every evening. It carried melons.";
    JsonNode updated = addDocuments(List.of(Map.of("id", "http-ferry", "title", "The Panjakent ferry", "text", changed)));
    assertThat(updated.get("updated").intValue()).isEqualTo(1);
    JsonNode after = api.postJson("/v1/query", Map.of("query", question, "k", 3)).json();
    assertThat(after.at("/passages/0/docId").textValue()).isEqualTo("http-ferry");
    assertThat(after.at("/passages/0/text").textValue()).contains("Grey Crane").doesNotContain("Blue Heron");
    assertThat(after.at("/passages/0/metadata").isMissingNode()).as("metadata replaced with the document").isTrue();
  }

  @Test
  void addsSeveralDocumentsInOneCall() {
    JsonNode report =
        addDocuments(
            List.of(
                Map.of("id", "http-batch-1", "title", "Quilted saddle pads", "text", "Quilted saddle pads from Merv kept loads from rubbing the camels raw."),
                Map.of("id", "http-batch-2", "text", "Bells of bronze hung from the lead camel so stragglers could follow in the dark.")));
    assertThat(report.get("added").intValue()).isEqualTo(2);
    assertThat(report.get("failed").intValue()).isZero();
    JsonNode out = api.postJson("/v1/query", Map.of("query", "Why did the lead camel carry bronze bells?", "k", 3)).json();
    assertThat(out.at("/passages/0/docId").textValue()).isEqualTo("http-batch-2");
  }

  static Stream<Arguments> badDocuments() {
    return Stream.of(
        Arguments.of("no id", "{\"title\": \"t\", \"text\": \"some text\"}", "'id' is required"),
        Arguments.of("blank id", "{\"id\": \" \", \"text\": \"some text\"}", "'id' must not be blank"),
        Arguments.of("no text nor title", "{\"id\": \"http-empty\"}", "'text' or 'title'"),
        Arguments.of("unknown field", "{\"id\": \"http-x\", \"text\": \"t\", \"body\": \"t\"}", "unknown field 'body'"),
        Arguments.of("metadata not an object", "{\"id\": \"http-x\", \"text\": \"t\", \"metadata\": [1]}", "metadata"),
        Arguments.of("empty batch", "{\"documents\": []}", "non-empty array"),
        Arguments.of("bad document in a batch", "{\"documents\": [{\"id\": \"http-ok\", \"text\": \"fine\"}, {\"text\": \"no id\"}]}", "'id' is required"),
        Arguments.of("malformed JSON", "{\"id\": \"http-x\", ", "malformed JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDocuments")
  void invalidDocumentsAreRefusedWithA400AndNothingIsWritten(String what, String body, String message) {
    long before = caravan.documentCount();
    JsonNode error = api.postJson("/v1/documents", body).assertError(400, "bad_request");
    assertThat(error.get("message").textValue()).contains(message);
    assertThat(caravan.documentCount()).isEqualTo(before);
  }

  @Test
  void deletedDocumentsLeaveTheIndexAndASecondDeleteIs404() {
    String text = "Saffron from the walled garden of Qarshi was weighed against silver coins.";
    addDocuments(List.of(Map.of("id", "http-saffron", "text", text)));
    String question = "What was saffron from Qarshi weighed against?";
    assertThat(api.postJson("/v1/query", Map.of("query", question)).json().get("passages").findValuesAsText("docId")).contains("http-saffron");

    Reply deleted = api.delete("/v1/documents/http-saffron");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.json().get("deleted").textValue()).isEqualTo("http-saffron");
    assertThat(api.postJson("/v1/query", Map.of("query", question, "k", 20)).json().get("passages").findValuesAsText("docId")).doesNotContain("http-saffron");

    JsonNode error = api.delete("/v1/documents/http-saffron").assertError(404, "unknown_document");
    assertThat(error.get("message").textValue()).contains("http-saffron");
  }

  // ---- processes ---------------------------------------------------------------------------------

  @Test
  void listsTheBundledProcess() {
    Reply reply = api.get("/v1/processes");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().isArray()).isTrue();
    assertThat(reply.json().findValuesAsText("key")).contains("rag");
  }

  @Test
  void deployingNeedsTheAdminKey() throws IOException {
    byte[] bpmn = resource("rag-lite.bpmn20.xml");
    api.post("/v1/processes?name=rag-lite.bpmn20.xml", BodyPublishers.ofByteArray(bpmn), Map.of("Content-Type", "application/xml"))
        .assertError(401, "unauthorized");
    api.post(
            "/v1/processes?name=rag-lite.bpmn20.xml",
            BodyPublishers.ofByteArray(bpmn),
            Map.of("Content-Type", "application/xml", "X-Caravan-Admin-Key", ADMIN_KEY + "x"))
        .assertError(401, "unauthorized");
    api.post(
            "/v1/processes?name=rag-lite.bpmn20.xml",
            BodyPublishers.ofByteArray(bpmn),
            Map.of("Content-Type", "application/xml", "Authorization", "Bearer not-the-key"))
        .assertError(401, "unauthorized");
  }

  @Test
  void aDeployedProcessAnswersQueries() throws IOException {
    Reply deployed =
        api.post(
            "/v1/processes?name=rag-lite.bpmn20.xml",
            BodyPublishers.ofByteArray(resource("rag-lite.bpmn20.xml")),
            Map.of("Content-Type", "application/xml", "Authorization", "Bearer " + ADMIN_KEY));
    assertThat(deployed.status()).as(deployed.body()).isEqualTo(201);
    assertThat(deployed.json().get("key").textValue()).isEqualTo("rag-lite");
    assertThat(api.get("/v1/processes").json().findValuesAsText("key")).contains("rag", "rag-lite");

    Reply reply = api.postJson("/v1/query", Map.of("query", questions.get("q03").get("question").textValue(), "process", "rag-lite"));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode out = reply.json();
    assertThat(out.get("process").textValue()).isEqualTo("rag-lite");
    assertThat(out.at("/trace/events").findValuesAsText("step")).containsExactly("retrieve", "generate");
    assertThat(out.get("passages").findValuesAsText("docId")).contains("silk-production");
    assertThat(out.at("/answer/text").textValue()).isNotBlank();
  }

  static Stream<Arguments> invalidProcesses() {
    return Stream.of(
        Arguments.of("unknown-step.bpmn20.xml", List.of("[summarise]", "summarise-everything")),
        Arguments.of("gateway-without-default.bpmn20.xml", List.of("[enoughEvidence]", "default")),
        Arguments.of("malformed.bpmn20.xml", List.of("not a readable BPMN 2.0 document", "same entity")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidProcesses")
  void invalidProcessesAreRefusedWithEveryProblemNamed(String file, List<String> inDetails) throws IOException {
    byte[] bpmn =
        file.equals("malformed.bpmn20.xml")
            ? "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" targetNamespace=\"http://caravan.io/test\"><process id=\"half\" isExecutable=\"true\"><startEvent id=\"s\">".getBytes(StandardCharsets.UTF_8)
            : resource(file);
    Reply reply =
        api.post("/v1/processes?name=" + file, BodyPublishers.ofByteArray(bpmn), Map.of("Content-Type", "application/xml", "X-Caravan-Admin-Key", ADMIN_KEY));
    JsonNode error = reply.assertError(422, "invalid_bpmn");
    String details = error.get("details").toString();
    assertThat(error.get("details").size()).isPositive();
    for (String expected : inDetails) {
      assertThat(details).contains(expected);
    }
    assertThat(details).contains(file);
    assertThat(api.get("/v1/processes").json().findValuesAsText("key")).doesNotContain("unknown-step", "no-default", "half");
  }

  @Test
  void deployRefusesAnEmptyBodyAndABadName() throws IOException {
    Map<String, String> headers = Map.of("Content-Type", "application/xml", "X-Caravan-Admin-Key", ADMIN_KEY);
    api.post("/v1/processes?name=empty.bpmn20.xml", BodyPublishers.noBody(), headers).assertError(400, "bad_request");
    JsonNode error = api.post("/v1/processes?name=..%2Fescape.xml", BodyPublishers.ofByteArray(resource("rag-lite.bpmn20.xml")), headers)
        .assertError(400, "bad_request");
    assertThat(error.get("message").textValue()).contains("plain file name");
  }

  // ---- health, OpenAPI ---------------------------------------------------------------------------

  @Test
  void healthAndOpenApi() {
    Reply live = api.get("/health/live");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().get("status").textValue()).isEqualTo("UP");
    Reply ready = api.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").textValue()).isEqualTo("READY");

    Reply openApi = api.get("/openapi.json");
    assertThat(openApi.status()).isEqualTo(200);
    JsonNode paths = openApi.json().get("paths");
    assertThat(paths.has("/v1/query")).as(openApi.body()).isTrue();
    assertThat(paths.get("/v1/query").has("post")).isTrue();
    assertThat(paths.has("/v1/documents")).isTrue();
    assertThat(paths.has("/v1/processes")).isTrue();
  }

  // ---- concurrency -------------------------------------------------------------------------------

  @Test
  void sixteenConcurrentQueriesAllSucceedEachWithItsOwnAnswer() throws Exception {
    List<JsonNode> asked = questions.values().stream().limit(16).toList();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (JsonNode q : asked) {
        replies.add(pool.submit(() -> api.postJson("/v1/query", Map.of("query", q.get("question").textValue(), "k", 5))));
      }
      int hits = 0;
      for (int i = 0; i < asked.size(); i++) {
        Reply r = replies.get(i).get(60, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode out = r.json();
        // each answer belongs to its own question: no state crossed between concurrent runs
        String question = asked.get(i).get("question").textValue();
        assertThat(out.get("query").textValue()).isEqualTo(question);
        assertThat(out.at("/trace/events/0/inputs/query").textValue()).isEqualTo(question);
        assertThat(out.at("/answer/text").isTextual()).isTrue();
        if (out.get("passages").findValuesAsText("docId").contains(asked.get(i).get("doc").textValue())) {
          hits++;
        }
      }
      assertThat(hits).as("questions whose document is in the top 5").isGreaterThanOrEqualTo(12);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Posts one document as it is, several as {"documents": [...]}; remembers what was sent. */
  private JsonNode addDocuments(List<Map<String, Object>> docs) {
    Reply reply = api.postJson("/v1/documents", docs.size() == 1 ? docs.get(0) : Map.of("documents", docs));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    for (Map<String, Object> d : docs) {
      String id = (String) d.get("id");
      posted.put(id, new Document(id, (String) d.getOrDefault("title", ""), (String) d.get("text"), Map.of(), "http"));
    }
    return reply.json();
  }

  /**
   * A document of the sample corpus as the parsers read it, or one the tests here posted (their ids
   * start with "http-"), whose bodies the tests hold themselves.
   */
  private Document document(String id) {
    assertThat(id).matches(d -> corpus.containsKey(d) || d.startsWith("http-"), "a corpus or test document");
    return corpus.getOrDefault(id, posted.get(id));
  }

  private static byte[] resource(String name) throws IOException {
    try (var in = HttpApiTest.class.getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return in.readAllBytes();
    }
  }
}
