package io.caravan.server;

import io.caravan.runtime.CaravanSettings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.server.ApiClient.Reply;
import io.caravan.core.ClientMessage;
import io.caravan.core.UnicodeText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a seeded storm of bad requests over every endpoint, sent as raw bytes so that anything
 * a client can put on the wire is fair game: random methods, paths with broken or hostile escapes,
 * wrong or missing content types, malformed and hostile JSON (lone surrogates, invisible text,
 * deep nesting, huge numbers, unknown fields, many filters), odd headers, hostile XML for the admin
 * call, protocol garbage. Each response must be below 500, an error must be the documented JSON
 * shape, no body may name a Java type, and afterwards the server must still answer a real question.
 *
 * <p>Bounded by count ({@value #REQUESTS} requests, seed {@value #SEED}); on a failure the message
 * quotes the request. HTTP versions Vert.x does not speak (HTTP/1.2, the HTTP/2 preface) are left
 * out: Vert.x answers them 501 before any handler runs (see {@link HttpHostileInputTest}). A body
 * whose chunked framing is broken gets the connection closed without an answer (status 0 in the
 * counts), which is all HTTP allows once the framing is lost.
 */
@TestInstance(Lifecycle.PER_CLASS)
class HttpFuzzTest {

  static final long SEED = 20_261_130L;
  static final int REQUESTS = 2_500;
  private static final String ADMIN_KEY = "fuzz-admin-key";
  private static final int MAX_QUERY_CHARS = 1_000;

  @TempDir static Path data;
  @TempDir static Path catalogue;

  private final ObjectMapper mapper = new ObjectMapper();
  private ServedCaravan caravan;
  private RawHttp raw;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    Files.writeString(catalogue.resolve("tools.json"),
        "{\"hotel_booking\": \"Book a hotel room in a city\", \"currency_convert\": \"Convert money between currencies\"}");
    CaravanSettings settings =
        CaravanSettings.defaultsOnly()
            .with("caravan.data", data.toString())
            .with("caravan.encoder", "int8")
            .with("caravan.http.port", "0")
            .with("caravan.http.auth", "open")
            .with("caravan.http.max-body-bytes", Integer.toString(64 * 1024))
            .with("caravan.http.max-query-chars", Integer.toString(MAX_QUERY_CHARS))
            // what arrives incomplete is cut within seconds, so no probe can stall the run
            .with("caravan.http.read-timeout-ms", "2000")
            .with("caravan.admin.key", ADMIN_KEY)
            .with("caravan.tools.dir", catalogue.toString());
    caravan = ServedCaravan.start(settings);
    raw = new RawHttp(caravan.httpPort());
    api = new ApiClient(caravan.httpPort());
    Reply added = api.postJson("/v1/documents", Map.of("documents", List.of(
        Map.of("id", "fuzz-doc-bells", "title", "Caravan bells", "text", "The lead camel of a caravan carried bells so that the others could follow it at night."),
        Map.of("id", "fuzz-doc-water", "title", "Water", "text", "A camel can drink a hundred litres of water in ten minutes."))));
    assertThat(added.status()).as(added.body()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    if (caravan != null) {
      caravan.close();
    }
  }

  @Test
  void aSeededStormOfBadRequestsGetsNo5xxNoJavaTypeAndTheServerStillAnswers() {
    Random random = new Random(SEED);
    Map<Integer, Integer> byStatus = new TreeMap<>();
    Map<String, Integer> byProbe = new TreeMap<>();
    Map<String, Long> msByProbe = new TreeMap<>();
    for (int i = 0; i < REQUESTS; i++) {
      Probe probe = next(random);
      long t0 = System.nanoTime();
      RawHttp.Response r = raw.exchange(probe.bytes(), 30_000);
      msByProbe.merge(probe.kind(), (System.nanoTime() - t0) / 1_000_000, Long::sum);
      byStatus.merge(r.status(), 1, Integer::sum);
      byProbe.merge(probe.kind(), 1, Integer::sum);
      String what = "request " + i + " (" + probe.kind() + "):\n" + printable(probe.bytes()) + "\nanswer: " + r;
      assertThat(r.status()).as(what).isLessThan(500);
      assertThat(HttpHostileInputTest.JAVA_TYPE.matcher(r.body()).find()).as("a Java type in " + what).isFalse();
      boolean head = new String(probe.bytes(), 0, Math.min(5, probe.bytes().length), StandardCharsets.ISO_8859_1).equals("HEAD ");
      boolean ingestReport = r.status() == 422 && probe.kind().equals("documents") && r.body().startsWith("{\"added\"");
      if (r.status() >= 400) {
        assertThat(ClientMessage.namesJavaType(r.body())).as("a Java type in " + what).isFalse();
      }
      boolean jsonRpc = probe.kind().equals("mcp") && r.body().startsWith("{\"jsonrpc\"");
      if (jsonRpc && r.status() >= 400) {
        // MCP's own errors are JSON-RPC's: a numeric code and a message
        JsonNode error = json(r.body(), what).get("error");
        assertThat(error.get("code").isInt()).as(what).isTrue();
        assertThat(error.get("message").textValue()).as(what).isNotBlank();
      } else if (r.status() >= 400 && !head && !ingestReport) {
        assertThat(r.headers().get("content-type")).as(what).startsWith("application/json");
        JsonNode error = json(r.body(), what).get("error");
        assertThat(error).as(what).isNotNull();
        assertThat(error.get("status").intValue()).as(what).isEqualTo(r.status());
        assertThat(error.get("code").textValue()).as(what).isNotBlank();
        assertThat(error.get("message").textValue()).as(what).isNotBlank();
      }
    }
    System.out.println("HttpFuzzTest: " + REQUESTS + " requests, seed " + SEED + "; by status (0 = closed without an answer): " + byStatus
        + "; by probe: " + byProbe + "; milliseconds by probe: " + msByProbe);

    assertThat(byStatus.keySet()).as("the storm reached the API, not only the parser").contains(200, 400, 404, 405, 413, 415);
    Reply ready = api.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    Reply answer = api.postJson("/v1/query", Map.of("query", "Why did the lead camel of a caravan carry bells at night?", "k", 5));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("passages").findValuesAsText("docId")).as("the documents posted before the storm are still there").contains("fuzz-doc-bells");
  }

  private JsonNode json(String body, String what) {
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + what, e);
    }
  }

  private static String printable(byte[] bytes) {
    String s = new String(bytes, 0, Math.min(bytes.length, 600), StandardCharsets.ISO_8859_1);
    return UnicodeText.escapeControls(s) + (bytes.length > 600 ? "... (" + bytes.length + " bytes)" : "");
  }

  // ---- the probes ------------------------------------------------------------------------------------

  /** One request as bytes, with the kind of probe it is for the counts. */
  record Probe(String kind, byte[] bytes) {}

  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO", "get", "POST "};
  private static final String[] PATHS = {
      "/v1/query", "/v1/tools/search", "/v1/documents", "/v1/documents/x", "/v1/processes", "/health/live", "/health/ready",
      "/openapi.json", "/", "/v1", "/v1/", "/v1/query/", "/v1//query", "/V1/QUERY", "/v1/tools", "/v1/tools/search/x", "/health", "/nope",
      "/v1/chat/completions", "/v1/models", "/v1/models/rag", "/llm/v1/chat/completions"};
  private static final String[] CONTENT_TYPES = {
      "application/json", "application/json; charset=utf-8", "application/json;charset=ISO-8859-1", "APPLICATION/JSON", "text/plain",
      "application/xml", "text/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "", "application/jsonx"};
  private static final String[] PROCESSES = {"rag", "tool-search", "tool-agent", "adaptive-rag", "iterative-rag", "conversational-rag", "nope", "", " ", "RAG"};
  /** Text that looks like nothing, breaks encodings or tries to break out of something. */
  private static final String[] HOSTILE = {
      "", " ", "\u00a0", "\u0000", "\u0001", "\u0085", "\u200b", "\ufeff", "\u202e", "\ud800", "\udfff", "\ud83d", "\u2028", "\u3000", "\ufffd",
      "\u0301\u0301", "a\r\nX-Injected: 1", "a\nERROR forged line", "\u001b[31mred", "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>",
      "' OR 1=1 --", "../../etc/passwd", "%00", "%zz", "\\", "\"", "{}", "[]", "null", "\ud83d\udc2a camel", "日本の駱駝", "ﷺ", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫ",
      "camel", "bells", "Why do camels store fat?", "water"};

  private Probe next(Random r) {
    return switch (r.nextInt(15)) {
      case 14 -> mcp(r);
      case 12 -> post(r, "chat", pick(r, new String[] {"/v1/chat/completions", "/v1/chat/completions", "/llm/v1/chat/completions"}), this::chatBody);
      case 13 -> keyed(r);
      case 0, 1 -> post(r, "query", "/v1/query", this::queryBody);
      case 2 -> post(r, "tools", "/v1/tools/search", this::queryBody);
      case 3 -> post(r, "documents", "/v1/documents", this::documentsBody);
      case 4 -> delete(r);
      case 5 -> deploy(r);
      case 6 -> anyMethodAnyPath(r);
      case 7 -> hostilePath(r);
      case 8 -> brokenJson(r);
      case 9 -> oddHeaders(r);
      case 10 -> garbage(r);
      default -> simple(r);
    };
  }

  private Probe post(Random r, String kind, String path, Function<Random, String> body) {
    String contentType = r.nextInt(5) == 0 ? pick(r, CONTENT_TYPES) : "application/json";
    return new Probe(kind, request("POST", path, contentType, body.apply(r).getBytes(StandardCharsets.UTF_8), ""));
  }

  private String queryBody(Random r) {
    List<String> fields = new ArrayList<>();
    if (r.nextInt(10) > 0) {
      fields.add("\"query\": " + (r.nextInt(8) == 0 ? jsonValue(r, 2) : r.nextInt(20) == 0 ? jsonString("q".repeat(MAX_QUERY_CHARS + 1)) : jsonString(text(r))));
    }
    if (r.nextInt(3) == 0) {
      fields.add("\"process\": " + (r.nextInt(5) == 0 ? jsonValue(r, 1) : jsonString(pick(r, PROCESSES))));
    }
    if (r.nextInt(3) == 0) {
      fields.add("\"k\": " + pick(r, new String[] {"0", "1", "5", "-1", "1000", "1001", "2147483648", "1e309", "1.5", "\"5\"", "null", "[]", "99999999999999999999"}));
    }
    if (r.nextInt(4) == 0) {
      fields.add("\"filters\": " + (r.nextInt(4) == 0 ? jsonValue(r, 2) : filters(r)));
    }
    if (r.nextInt(4) == 0) {
      fields.add("\"history\": " + (r.nextInt(4) == 0 ? jsonValue(r, 3) : history(r)));
    }
    if (r.nextInt(10) == 0) {
      fields.add(jsonString(text(r)) + ": " + jsonValue(r, 1));
    }
    if (r.nextInt(6) == 0) {
      fields.add("\"stream\": " + pick(r, new String[] {"true", "false", "null", "1", "\"true\"", "[]"}));
    }
    java.util.Collections.shuffle(fields, r);
    return "{" + String.join(", ", fields) + "}";
  }

  /** An OpenAI chat completion: a process (or anything) as the model, messages good and bad, fields OpenAI has and some it has not. */
  private String chatBody(Random r) {
    List<String> fields = new ArrayList<>();
    if (r.nextInt(8) > 0) {
      fields.add("\"model\": " + (r.nextInt(6) == 0 ? jsonValue(r, 1) : jsonString(pick(r, PROCESSES))));
    }
    if (r.nextInt(8) > 0) {
      int n = r.nextInt(5);
      StringBuilder m = new StringBuilder("[");
      for (int i = 0; i < n; i++) {
        String role = r.nextInt(5) == 0 ? pick(r, new String[] {"system", "tool", "developer", "", "USER", "function"}) : (i % 2 == 0 ? "user" : "assistant");
        String content = switch (r.nextInt(6)) {
          case 0 -> jsonValue(r, 2);
          case 1 -> "[{\"type\": \"text\", \"text\": " + jsonString(text(r)) + "}, {\"type\": \"image_url\"}]";
          default -> jsonString(text(r));
        };
        m.append(i == 0 ? "" : ",").append("{\"role\": ").append(jsonString(role)).append(", \"content\": ").append(content);
        if (r.nextInt(10) == 0) {
          m.append(", \"tool_calls\": ").append(jsonValue(r, 2));
        }
        m.append("}");
      }
      fields.add("\"messages\": " + (r.nextInt(10) == 0 ? jsonValue(r, 2) : m.append("]")));
    }
    if (r.nextInt(4) == 0) {
      fields.add("\"stream\": " + pick(r, new String[] {"true", "false", "null", "\"yes\""}));
    }
    if (r.nextInt(5) == 0) {
      fields.add(pick(r, new String[] {"\"max_tokens\"", "\"temperature\"", "\"tools\"", "\"stop\"", "\"response_format\"", "\"tool_choice\"", "\"n\""})
          + ": " + jsonValue(r, 2));
    }
    java.util.Collections.shuffle(fields, r);
    return "{" + String.join(", ", fields) + "}";
  }

  /** JSON-RPC to the MCP endpoint: good and bad envelopes, methods, tool names and arguments. */
  private Probe mcp(Random r) {
    String id = pick(r, new String[] {"1", "\"a\"", "null", "[]", "1e400", "{}"});
    String method = pick(r, new String[] {"tools/list", "tools/call", "tools/call", "initialize", "ping", "resources/list", "nope", ""});
    String params = switch (r.nextInt(5)) {
      case 0 -> "{\"name\": " + jsonString(pick(r, new String[] {"ask_rag", "tool-search", "ask_nope", "", "ask_adaptive-rag"}))
          + ", \"arguments\": {\"question\": " + jsonString(text(r)) + "}}";
      case 1 -> "{\"name\": \"ask_rag\", \"arguments\": " + jsonValue(r, 2) + "}";
      case 2 -> "{\"name\": \"tool-search\", \"arguments\": {\"query\": " + jsonString(text(r)) + ", \"k\": " + jsonValue(r, 1) + "}}";
      case 3 -> jsonValue(r, 3);
      default -> "{\"protocolVersion\": \"2025-06-18\", \"capabilities\": {}, \"clientInfo\": {\"name\": \"fuzz\", \"version\": \"1\"}}";
    };
    String body = switch (r.nextInt(6)) {
      case 0 -> "[{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}]";
      case 1 -> "{\"jsonrpc\": \"1.0\", \"id\": " + id + ", \"method\": " + jsonString(method) + "}";
      case 2 -> "{\"jsonrpc\": \"2.0\", \"method\": " + jsonString(method) + ", \"params\": " + params + "}";
      default -> "{\"jsonrpc\": \"2.0\", \"id\": " + id + ", \"method\": " + jsonString(method) + ", \"params\": " + params + "}";
    };
    String accept = r.nextInt(4) == 0 ? "" : "Accept: application/json, text/event-stream\r\n";
    String method2 = r.nextInt(8) == 0 ? pick(r, new String[] {"GET", "DELETE", "PUT"}) : "POST";
    return new Probe("mcp", request(method2, "/mcp", r.nextInt(6) == 0 ? pick(r, CONTENT_TYPES) : "application/json",
        body.getBytes(StandardCharsets.UTF_8), accept));
  }

  /** A call with a key that is not one, in every header a key may come in. */
  private Probe keyed(Random r) {
    String header = switch (r.nextInt(5)) {
      case 0 -> "Authorization: Bearer " + randomToken(r);
      case 1 -> "Authorization: Basic " + randomToken(r);
      case 2 -> "Authorization: " + pick(r, new String[] {"Bearer", "Bearer ", "bearer  x", "Token x"});
      case 3 -> "X-API-Key: " + randomToken(r);
      default -> "X-Caravan-Admin-Key: " + randomToken(r);
    };
    String path = pick(r, new String[] {"/v1/query", "/v1/documents", "/v1/chat/completions", "/v1/tools/search"});
    return new Probe("keyed", request("POST", path, "application/json", queryBody(r).getBytes(StandardCharsets.UTF_8), header + "\r\n"));
  }

  private String filters(Random r) {
    int n = pick(r, new int[] {0, 1, 3, 64, 65, 1_024, 1_500});
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(jsonString(i < 3 ? text(r) + i : "f" + i)).append(": ").append(jsonString(i < 3 ? text(r) : "v"));
    }
    return sb.append("}").toString();
  }

  private String history(Random r) {
    int n = r.nextInt(4);
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      String role = r.nextInt(5) == 0 ? pick(r, new String[] {"system", "", "USER", "tool"}) : (i % 2 == 0 ? "user" : "assistant");
      sb.append(i == 0 ? "" : ",").append("{\"role\": ").append(jsonString(role)).append(", \"text\": ").append(jsonString(text(r))).append("}");
    }
    return sb.append("]").toString();
  }

  private String documentsBody(Random r) {
    if (r.nextInt(3) == 0) {
      return document(r);
    }
    int n = r.nextInt(6) == 0 ? pick(r, new int[] {0, 120}) : 1 + r.nextInt(3);
    StringBuilder sb = new StringBuilder("{\"documents\": [");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(r.nextInt(10) == 0 ? jsonValue(r, 1) : document(r));
    }
    return sb.append("]}").toString();
  }

  private String document(Random r) {
    List<String> fields = new ArrayList<>();
    if (r.nextInt(8) > 0) {
      // ids of their own: the documents the final check needs are never overwritten or deleted
      fields.add("\"id\": " + (r.nextInt(8) == 0 ? jsonValue(r, 1) : jsonString("fz" + text(r))));
    }
    if (r.nextInt(2) == 0) {
      fields.add("\"title\": " + (r.nextInt(8) == 0 ? jsonValue(r, 1) : jsonString(text(r))));
    }
    if (r.nextInt(6) > 0) {
      fields.add("\"text\": " + (r.nextInt(8) == 0 ? jsonValue(r, 1) : jsonString(text(r))));
    }
    if (r.nextInt(4) == 0) {
      fields.add("\"metadata\": " + (r.nextInt(3) == 0 ? jsonValue(r, 2) : filters(r)));
    }
    if (r.nextInt(12) == 0) {
      fields.add("\"extra\": 1");
    }
    java.util.Collections.shuffle(fields, r);
    return "{" + String.join(", ", fields) + "}";
  }

  private Probe delete(Random r) {
    String segment = switch (r.nextInt(6)) {
      case 0 -> percentEncode(text(r));
      case 1 -> pick(r, new String[] {".", "..", "%2e", "%2E%2E", "%zz", "%", "%2", "a%2Fb", "%00", "%0A", "%E2%80%AE", "%ff%fe", "%C0%AF", "a;b", "*"});
      case 2 -> "x?id=" + percentEncode(text(r));
      case 3 -> "";
      case 4 -> "a/b/c";
      default -> "fz" + randomToken(r);
    };
    byte[] body = r.nextInt(5) == 0 ? "{\"id\": \"x\"}".getBytes(StandardCharsets.UTF_8) : new byte[0];
    String headers = r.nextInt(4) == 0 ? "id: fuzz-doc-bells\r\n" : "";
    return new Probe("delete", request("DELETE", "/v1/documents/" + segment, body.length > 0 ? "application/json" : null, body, headers));
  }

  private Probe deploy(Random r) {
    String xml = pick(r, new String[] {
        "",
        "<definitions",
        "not xml at all",
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><definitions>&x;</definitions>",
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><definitions>&d;</definitions>",
        "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=\"p\" isExecutable=\"true\"><startEvent id=\"s\"/></process></definitions>",
        "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=\"" + text(r).replace("\"", "") + "\"/></definitions>"});
    String key = r.nextInt(3) == 0 ? "" : "X-Caravan-Admin-Key: " + (r.nextInt(2) == 0 ? ADMIN_KEY : "wrong") + "\r\n";
    String name = pick(r, new String[] {"", "?name=x.bpmn20.xml", "?name=../../x.bpmn", "?name=" + percentEncode(text(r)), "?name=a.txt"});
    return new Probe("deploy", request("POST", "/v1/processes" + name, r.nextInt(4) == 0 ? pick(r, CONTENT_TYPES) : "application/xml",
        xml.getBytes(StandardCharsets.UTF_8), key));
  }

  private Probe anyMethodAnyPath(Random r) {
    String method = pick(r, METHODS);
    byte[] body = r.nextBoolean() ? queryBody(r).getBytes(StandardCharsets.UTF_8) : new byte[0];
    return new Probe("method", request(method, pick(r, PATHS), r.nextBoolean() ? "application/json" : null, body, ""));
  }

  private Probe hostilePath(Random r) {
    String path = switch (r.nextInt(7)) {
      case 0 -> "/v1/" + percentEncode(text(r));
      case 1 -> "/v1/query?" + percentEncode(text(r)) + "=" + percentEncode(text(r));
      case 2 -> pick(r, PATHS) + pick(r, new String[] {"%", "%z", "%zz", "%%", "%0", "/%2e%2e/%2e%2e", "/../../", "//", "#frag", "?a=%zz", "?a&&b==", ";jsessionid=x"});
      case 3 -> "/" + "a/".repeat(r.nextInt(500));
      case 4 -> "/v1/query?" + "k=1&".repeat(200);
      case 5 -> pick(r, new String[] {"*", "http://127.0.0.1/v1/query", "v1/query", "/v1/query HTTP/1.1", "\\v1\\query"});
      default -> "/v1/documents/" + "x".repeat(r.nextInt(5_000));
    };
    return new Probe("path", request(pick(r, new String[] {"GET", "POST", "DELETE"}), path, "application/json", "{\"query\": \"camel\"}".getBytes(StandardCharsets.UTF_8), ""));
  }

  private Probe brokenJson(Random r) {
    String valid = r.nextBoolean() ? queryBody(r) : documentsBody(r);
    byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
    byte[] broken = switch (r.nextInt(8)) {
      case 0 -> java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length + 1));
      case 1 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes);
      case 2 -> concat(bytes, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
      case 3 -> "[".repeat(5_000).getBytes(StandardCharsets.UTF_8);
      case 4 -> ("{\"query\": " + "[".repeat(2_000) + "]".repeat(2_000) + "}").getBytes(StandardCharsets.UTF_8);
      case 5 -> ("{\"query\": \"a\", \"query\": \"b\"}").getBytes(StandardCharsets.UTF_8);
      case 6 -> ("{\"query\": 1" + "0".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8);
      default -> randomBytes(r, r.nextInt(200));
    };
    String path = pick(r, new String[] {"/v1/query", "/v1/tools/search", "/v1/documents"});
    return new Probe("broken-json", request("POST", path, "application/json", broken, ""));
  }

  private Probe oddHeaders(Random r) {
    byte[] body = queryBody(r).getBytes(StandardCharsets.UTF_8);
    String path = pick(r, new String[] {"/v1/query", "/v1/documents", "/health/live", "/v1/processes"});
    return switch (r.nextInt(8)) {
      case 0 -> new Probe("headers", request("POST", path, "application/json", body, "X-Big: " + "b".repeat(9_000) + "\r\n"));
      case 1 -> new Probe("headers", request("POST", path, "application/json", body, "Content-Length: 3\r\n"));
      // a body that is not chunked as announced: its first line is a bad chunk size
      case 2 -> new Probe("headers", request("POST", path, "application/json", concat(body, "\r\n".getBytes(StandardCharsets.ISO_8859_1)), "Transfer-Encoding: chunked\r\n"));
      case 3 -> new Probe("headers", chunked(path, body, r.nextBoolean()));
      case 4 -> new Probe("headers", request("POST", path, "application/json", body, "Expect: 100-continue\r\n"));
      case 5 -> new Probe("headers", request("POST", path, "application/json", body, "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"));
      case 6 -> new Probe("headers", request("GET", path, null, new byte[0], "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n"));
      default -> new Probe("headers", request("POST", path, "application/json", body, "X-Odd: a\u0001b\r\nid: fuzz-doc-bells\r\nAuthorization: Bearer " + text(r).replace("\r", "").replace("\n", "") + "\r\n"));
    };
  }

  private Probe garbage(Random r) {
    byte[] bytes = switch (r.nextInt(6)) {
      case 0 -> concat(randomBytes(r, 1 + r.nextInt(100)), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      case 1 -> ("GET /health/live HTTP/9\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
      case 2 -> ("GET /v1/" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
      case 3 -> ("GET /health/live\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
      case 4 -> ("GET /health/live HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
      default -> ("G\u00c9T /health/live HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    };
    return new Probe("garbage", bytes);
  }

  private Probe simple(Random r) {
    String path = pick(r, new String[] {"/health/live", "/health/ready", "/openapi.json", "/v1/processes", "/v1/models"});
    return new Probe("get", request(r.nextInt(4) == 0 ? "HEAD" : "GET", path, null, new byte[0], r.nextBoolean() ? "Accept: text/html\r\n" : ""));
  }

  // ---- building blocks ---------------------------------------------------------------------------------

  private static byte[] request(String method, String target, String contentType, byte[] body, String extraHeaders) {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if (contentType != null && !contentType.isEmpty()) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append(extraHeaders);
    if (!extraHeaders.contains("Content-Length") && !extraHeaders.contains("Transfer-Encoding") && (body.length > 0 || method.startsWith("POST"))) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    return concat(head.toString().getBytes(StandardCharsets.UTF_8), body);
  }

  private static byte[] chunked(String path, byte[] body, boolean valid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(((valid ? Integer.toHexString(body.length) : "zz") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  /** Hostile text: a fixed nasty string, random code points from every plane (surrogates included), or a mix. */
  private String text(Random r) {
    return switch (r.nextInt(4)) {
      case 0, 1 -> pick(r, HOSTILE);
      case 2 -> {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 300 : 12);
        for (int i = 0; i < n; i++) {
          int kind = r.nextInt(6);
          int cp = switch (kind) {
            case 0 -> r.nextInt(0x20);
            case 1 -> 0xD800 + r.nextInt(0x800);
            case 2 -> 0x2000 + r.nextInt(0x70);
            case 3 -> r.nextInt(0x110000);
            default -> 'a' + r.nextInt(26);
          };
          if (cp >= 0xD800 && cp <= 0xDFFF) {
            sb.append((char) cp);
          } else {
            sb.appendCodePoint(cp);
          }
        }
        yield sb.toString();
      }
      default -> pick(r, HOSTILE) + " " + pick(r, HOSTILE);
    };
  }

  private static String randomToken(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0, n = 1 + r.nextInt(10); i < n; i++) {
      sb.append((char) ('a' + r.nextInt(26)));
    }
    return sb.toString();
  }

  private String jsonValue(Random r, int depth) {
    int kind = r.nextInt(depth > 0 ? 9 : 7);
    return switch (kind) {
      case 0 -> jsonString(text(r));
      case 1 -> pick(r, new String[] {"0", "-0", "1e308", "-1e309", "1.7976931348623157E309", "123456789012345678901234567890", "0.000000001", "-5"});
      case 2 -> r.nextBoolean() ? "true" : "false";
      case 3 -> "null";
      case 4 -> "\"\"";
      case 5 -> jsonString("x".repeat(r.nextInt(3_000)));
      case 6 -> "[]";
      case 7 -> {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
          sb.append(i == 0 ? "" : ",").append(jsonValue(r, depth - 1));
        }
        yield sb.append("]").toString();
      }
      default -> {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
          sb.append(i == 0 ? "" : ",").append(jsonString(text(r))).append(": ").append(jsonValue(r, depth - 1));
        }
        yield sb.append("}").toString();
      }
    };
  }

  private static String jsonString(String s) {
    return RawHttp.jsonString(s);
  }

  private static String percentEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        out.append(String.format(Locale.ROOT, "%%%02X", (c >> 8) & 0xff)).append(String.format(Locale.ROOT, "%%%02X", c & 0xff));
      } else if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        out.append(c);
      } else {
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          out.append(String.format(Locale.ROOT, "%%%02X", b & 0xff));
        }
      }
    }
    return out.toString();
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static <T> T pick(Random r, T[] options) {
    return options[r.nextInt(options.length)];
  }

  private static int pick(Random r, int[] options) {
    return options[r.nextInt(options.length)];
  }
}
