package io.caravan.server;

import io.caravan.runtime.CaravanSettings;


import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.server.ApiClient.Reply;
import io.caravan.core.ClientMessage;
import io.caravan.ingest.DeadLetterLog;
import io.caravan.ingest.IngestReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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

/**
 * Issue 11, defects 4, 6 (what the HTTP layer answers), 8 and 10, end to end on the real stack:
 * one Caravan per class with a few documents, a tool catalogue, a process whose step always throws
 * and a second tool process, both from the process and routes folders.
 */
@TestInstance(Lifecycle.PER_CLASS)
class HttpHostileInputTest {

  /** A Java type anywhere in a body: a qualified name or an exception's simple name. */
  static final Pattern JAVA_TYPE = Pattern.compile("Exception|Throwable|\\b(java|javax|jdk|sun|org|io\\.caravan|io\\.vertx|com)\\.[a-z]+\\.");

  @TempDir static Path data;
  @TempDir static Path catalogue;
  @TempDir static Path processDir;
  @TempDir static Path routesDir;

  private final ObjectMapper mapper = new ObjectMapper();
  private ServedCaravan caravan;
  private ApiClient api;
  private RawHttp raw;

  @BeforeAll
  void start() throws Exception {
    Files.writeString(
        catalogue.resolve("travel.json"),
        """
        {"tools": [
          {"name": "hotel_booking", "description": "Book a hotel room in a city between check-in and check-out dates"},
          {"name": "currency_convert", "description": "Convert an amount of money from one currency to another"}
        ]}
        """);
    Files.writeString(
        routesDir.resolve("boom.camel.yaml"),
        """
        - route:
            id: step-boom
            from:
              uri: direct:step-boom
              steps:
                - throwException:
                    exceptionType: java.lang.IllegalStateException
                    message: "the boom step always fails"
        """);
    Files.writeString(processDir.resolve("boom.bpmn20.xml"), process("boom", "boom"));
    Files.writeString(processDir.resolve("my-tools.bpmn20.xml"), process("my-tools", "retrieve-tools"));
    CaravanSettings settings =
        CaravanSettings.defaultsOnly()
            .with("caravan.data", data.toString())
            .with("caravan.encoder", "int8")
            .with("caravan.http.port", "0")
            .with("caravan.http.auth", "open")
            .with("caravan.tools.dir", catalogue.toString())
            .with("caravan.process.dir", processDir.toString())
            .with("caravan.routes.dir", routesDir.toString());
    caravan = ServedCaravan.start(settings);
    api = new ApiClient(caravan.httpPort());
    raw = new RawHttp(caravan.httpPort());
    Reply added = api.postJson("/v1/documents", Map.of("documents", List.of(
        Map.of("id", "bells", "title", "Caravan bells", "text", "The lead camel of a caravan carried bells so that the others could follow it at night."))));
    assertThat(added.status()).as(added.body()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    if (caravan != null) {
      caravan.close();
    }
  }

  private static String process(String key, String step) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
                     targetNamespace="http://caravan.io/test" id="%1$s-definitions">
          <process id="%1$s" name="%1$s" isExecutable="true">
            <startEvent id="start"/>
            <sequenceFlow id="toStep" sourceRef="start" targetRef="step"/>
            <serviceTask id="step" flowable:delegateExpression="${caravanStep}">
              <extensionElements><flowable:field name="step" stringValue="%2$s"/></extensionElements>
            </serviceTask>
            <sequenceFlow id="toEnd" sourceRef="step" targetRef="end"/>
            <endEvent id="end"/>
          </process>
        </definitions>
        """.formatted(key, step);
  }

  private static void assertNoJavaType(String body) {
    assertThat(JAVA_TYPE.matcher(body).find() || ClientMessage.namesJavaType(body)).as("a Java type in %s", body).isFalse();
  }

  // ---- defect 4: whitespace-like queries, too many filters -----------------------------------------

  static Stream<Arguments> invisibleQueries() {
    return Stream.of("\u00a0", "\u0000", "\u0001", "\u0085", "\u200b", "\ufeff", "\u202e", "\ud800", "\udc00", "\u00a0\u200b\ufeff")
        .flatMap(q -> Stream.of(Arguments.of("/v1/query", q), Arguments.of("/v1/tools/search", q)));
  }

  @ParameterizedTest(name = "{0} {index}")
  @MethodSource("invisibleQueries")
  void aQueryWithNothingVisibleIsA400InWords(String path, String query) {
    Reply r = api.postJson(path, "{\"query\": " + RawHttp.jsonString(query) + "}");
    JsonNode error = r.assertError(400, "bad_request");
    assertThat(error.get("message").textValue()).startsWith("query text ");
    assertNoJavaType(r.body());
  }

  @Test
  void moreFiltersThanTheCapIsA400NotLucenesClauseLimit() throws Exception {
    for (int n : new int[] {65, 1_024, 2_000}) {
      StringBuilder filters = new StringBuilder("{");
      for (int i = 0; i < n; i++) {
        filters.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":\"v\"");
      }
      Reply r = api.postJson("/v1/query", "{\"query\": \"bells\", \"filters\": " + filters + "}}");
      assertThat(r.assertError(400, "bad_request").get("message").textValue()).isEqualTo("at most 64 filters are allowed, got " + n);
    }
    Map<String, String> sixtyFour = new java.util.HashMap<>();
    for (int i = 0; i < 64; i++) {
      sixtyFour.put("f" + i, "v");
    }
    assertThat(api.postJson("/v1/query", Map.of("query", "bells", "filters", sixtyFour)).status()).isEqualTo(200);
  }


  // ---- every error path in words ---------------------------------------------------------------------

  @Test
  void aFailingStepIsA500ThatNamesTheStepButNoJavaType() {
    Reply r = api.postJson("/v1/query", Map.of("query", "anything", "process", "boom"));
    JsonNode error = r.assertError(500, "process_failed");
    assertThat(error.get("message").textValue()).contains("'boom'").contains("the boom step always fails");
    assertNoJavaType(r.body());
  }

  @Test
  void jsonBeyondTheParsersLimitsIsA400InWords() {
    for (String body : List.of("[".repeat(5_000), "{\"query\": 1" + "0".repeat(5_000) + "}")) {
      Reply r = api.postJson("/v1/query", body);
      assertThat(r.assertError(400, "bad_request").get("message").textValue()).startsWith("malformed JSON: ").contains("exceeds the maximum allowed");
      assertNoJavaType(r.body());
    }
  }

  // ---- defect 10: parameters come from where they belong -----------------------------------------

  @Test
  void aQueryParameterOrHeaderCannotChooseWhichDocumentIsDeleted() {
    for (String id : List.of("keepme", "x", "y")) {
      assertThat(api.postJson("/v1/documents", Map.of("id", id, "text", "Document " + id + " about camels.")).status()).isEqualTo(200);
    }
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v1/documents/keepme?id=x&id=y")).header("id", "y").header("CamelHttpPath", "/v1/documents/x").DELETE());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"deleted\":\"keepme\"}");
    api.delete("/v1/documents/keepme").assertError(404, "unknown_document");
    assertThat(api.delete("/v1/documents/x").status()).as("x was left alone").isEqualTo(200);
    assertThat(api.delete("/v1/documents/y").status()).as("y was left alone").isEqualTo(200);
  }

  @Test
  void percentEncodedIdsAreDecodedOnce() {
    assertThat(api.postJson("/v1/documents", Map.of("id", "dir/a b%41", "text", "An id with a slash, a space and a percent sign.")).status()).isEqualTo(200);
    Reply r = api.delete("/v1/documents/dir%2Fa%20b%2541");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("deleted").textValue()).isEqualTo("dir/a b%41");
  }

  @Test
  void dotSegmentsAreNotDocumentIds() {
    for (String path : List.of("/v1/documents/.", "/v1/documents/..", "/v1/documents/%2e", "/v1/documents/%2E%2E")) {
      RawHttp.Response r = raw.exchange("DELETE " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10_000);
      assertThat(r.status()).as(path + ": " + r.body()).isIn(404, 405);
      assertThat(r.body()).as(path).doesNotContain("send null").contains("\"error\"");
    }
  }

  @Test
  void toolSearchRunsOnlyProcessesThatRetrieveTools() {
    Reply rag = api.postJson("/v1/tools/search", Map.of("query", "book a hotel room", "process", "rag"));
    assertThat(rag.assertError(400, "not_a_tool_process").get("message").textValue())
        .contains("'rag'").contains("retrieve-tools");
    api.postJson("/v1/tools/search", Map.of("query", "book a hotel room", "process", "boom")).assertError(400, "not_a_tool_process");
    api.postJson("/v1/tools/search", Map.of("query", "book a hotel room", "process", "nope")).assertError(404, "unknown_process");
    for (String process : List.of("tool-search", "tool-agent", "my-tools")) {
      Reply ok = api.postJson("/v1/tools/search", Map.of("query", "book a hotel room", "process", process));
      assertThat(ok.status()).as(process + ": " + ok.body()).isEqualTo(200);
      assertThat(ok.json().at("/tools/0/name").textValue()).isEqualTo("hotel_booking");
    }
  }

  // ---- defect 8: ids with control characters, bounded dead letters ------------------------------

  @Test
  void idsWithControlCharactersAre400() {
    for (String id : List.of("a\nERROR forged", "a\r", "\u0000", "a\u001b[2J", "a\u2028b", "a\u202eb", "a\ud800")) {
      Reply r = api.postJson("/v1/documents", "{\"id\": " + RawHttp.jsonString(id) + ", \"text\": \"Some text.\"}");
      assertThat(r.assertError(400, "bad_request").get("message").textValue()).contains("control characters").contains("U+");
    }
    api.delete("/v1/documents/a%0Ab").assertError(400, "bad_request");
    api.delete("/v1/documents/a%E2%80%AEb").assertError(400, "bad_request");
  }

  @Test
  void oneRequestRepeatingAnIdWritesOneDeadLetterAndAThousandBadOnesAHundred() throws Exception {
    Path log = data.resolve(DeadLetterLog.FILE_NAME);
    long before = Files.exists(log) ? Files.readAllLines(log).size() : 0;
    StringBuilder copies = new StringBuilder("{\"documents\": [");
    for (int i = 0; i < 10_000; i++) {
      copies.append(i == 0 ? "" : ",").append("{\"id\": \"dup\", \"text\": \"Copy ").append(i).append(".\"}");
    }
    JsonNode report = api.postJson("/v1/documents", copies.append("]}").toString()).json();
    assertThat(report.get("failed").intValue()).isEqualTo(9_999);
    assertThat(report.get("deadLetters")).hasSize(1);
    assertThat(Files.readAllLines(log)).hasSize((int) before + 1);

    StringBuilder bad = new StringBuilder("{\"documents\": [");
    for (int i = 0; i < 1_000; i++) {
      bad.append(i == 0 ? "" : ",").append("{\"id\": \"invisible-").append(i).append("\", \"text\": \"\\u00a0\\u200b\"}");
    }
    Reply r = api.postJson("/v1/documents", bad.append("]}").toString());
    assertThat(r.status()).as("nothing could be written").isEqualTo(422);
    assertThat(r.json().get("failed").intValue()).isEqualTo(1_000);
    assertThat(r.json().get("deadLetters")).hasSize(IngestReport.MAX_DEAD_LETTERS);
    assertThat(Files.readAllLines(log)).hasSize((int) before + 1 + IngestReport.MAX_DEAD_LETTERS);
    assertNoJavaType(r.body());
  }

  // ---- defect 6: what the server itself answers is the documented JSON ------------------------

  @Test
  void aMalformedPercentEscapeIsAJson400() {
    for (String path : List.of("/v1/%zz", "/v1/documents/%zz", "/%", "/health/live%", "/health/live?x=%zz", "/v1/documents/a%2")) {
      RawHttp.Response r = raw.exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10_000);
      assertJsonError(r, 400);
    }
  }

  @Test
  void anOverlongRequestLineIsAJson414AndOversizedHeadersAJson431() {
    assertJsonError(raw.exchange("GET /v1/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 10_000), 414);
    assertJsonError(raw.exchange("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n", 10_000), 431);
  }

  @Test
  void http2PriorKnowledgeIsRefusedAndAnH2cUpgradeIsServedOverHttp11() {
    // Vert.x answers the HTTP/2 preface itself, before any handler: 501, no body, connection closed
    RawHttp.Response preface = raw.exchange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 10_000);
    assertThat(preface.status()).isEqualTo(501);
    assertThat(preface.body()).isEmpty();
    assertThat(preface.closed()).isTrue();
    assertThat(api.get("/health/live").status()).as("the server still answers").isEqualTo(200);

    RawHttp.Response upgrade = raw.exchange(
        "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n", 10_000);
    assertThat(upgrade.status()).as(upgrade.body()).isEqualTo(200);
    assertThat(upgrade.body()).isEqualTo("{\"status\":\"UP\"}");

    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = send(h2, HttpRequest.newBuilder(uri("/health/live")).GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
  }

  private void assertJsonError(RawHttp.Response r, int status) {
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    assertThat(r.headers().get("content-type")).as("%s", r).startsWith("application/json");
    try {
      JsonNode error = mapper.readTree(r.body()).get("error");
      assertThat(error.get("status").intValue()).isEqualTo(status);
      assertThat(error.get("code").textValue()).isNotBlank();
      assertThat(error.get("message").textValue()).isNotBlank();
      assertThat(error.get("details").isArray()).isTrue();
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + r, e);
    }
    assertNoJavaType(r.body());
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + caravan.httpPort() + pathAndQuery);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    return send(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), request);
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
