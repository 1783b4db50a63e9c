package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.processes.RunCounts;
import io.caravan.runtime.CaravanSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/query} as server-sent events, on the real stack with the extractive generator. */
@TestInstance(Lifecycle.PER_CLASS)
class QueryStreamTest {

  /** One server-sent event. */
  record Event(String name, JsonNode data) {}

  @TempDir static Path root;

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Three short documents the streaming and chat-completion tests ask about. */
  static final List<Map<String, Object>> CAMEL_DOCUMENTS = List.of(
      Map.of("id", "bactrian", "title", "Bactrian camel", "text", "The Bactrian camel has two humps. Its humps store fat, which it burns when food is scarce."),
      Map.of("id", "dromedary", "title", "Dromedary", "text", "The dromedary has one hump and lives in the deserts of Arabia and North Africa."),
      Map.of("id", "oasis", "title", "Oasis", "text", "An oasis is a fertile spot in a desert where groundwater reaches the surface."));
  private ServedCaravan served;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    HttpDeadlineTest.writeSlowLoop(root.resolve("routes"), root.resolve("processes"));
    served = ServedCaravan.start(CaravanSettings.defaultsOnly()
        .with("caravan.data", root.resolve("data").toString())
        .with("caravan.encoder", "int8")
        .with("caravan.http.port", "0")
        .with("caravan.http.auth", "open")
        .with("caravan.routes.dir", root.resolve("routes").toString())
        .with("caravan.process.dir", root.resolve("processes").toString())
        .with("caravan.query.max-timeout-ms", "600000"));
    api = new ApiClient(served.httpPort());
    ApiClient.Reply added = api.postJson("/v1/documents", Map.of("documents", CAMEL_DOCUMENTS));
    assertThat(added.status()).as(added.body()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    if (served != null) {
      served.close();
    }
  }

  static List<Event> events(HttpResponse<java.util.stream.Stream<String>> response) {
    List<Event> out = new ArrayList<>();
    String name = null;
    for (String line : (Iterable<String>) response.body()::iterator) {
      if (line.startsWith("event: ")) {
        name = line.substring(7);
      } else if (line.startsWith("data: ")) {
        try {
          out.add(new Event(name, JSON.readTree(line.substring(6))));
        } catch (IOException e) {
          throw new AssertionError("not JSON: " + line, e);
        }
      }
    }
    return out;
  }

  private HttpResponse<java.util.stream.Stream<String>> post(String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + served.httpPort() + "/v1/query"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines());
  }

  @Test
  void stepsThenTheAnswerThenCitationsThenDoneWithTheSameAnswerAsTheJsonReply() throws Exception {
    HttpResponse<java.util.stream.Stream<String>> r = post("{\"query\": \"What do the humps of a Bactrian camel store?\", \"process\": \"adaptive-rag\", \"stream\": true}", Map.of());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<Event> events = events(r);
    List<String> names = events.stream().map(Event::name).toList();
    assertThat(names.get(names.size() - 1)).isEqualTo("done");
    assertThat(names.get(names.size() - 2)).isEqualTo("citations");
    JsonNode done = events.get(events.size() - 1).data();
    // a step event per trace event, in the same order, with the same decisions
    List<String> traced = StreamSupport.stream(done.at("/trace/events").spliterator(), false).map(e -> e.get("step").asText()).toList();
    List<Event> steps = events.stream().filter(e -> e.name().equals("step")).toList();
    assertThat(steps.stream().map(e -> e.data().get("step").asText()).toList()).isEqualTo(traced);
    for (int i = 0; i < steps.size(); i++) {
      JsonNode streamed = steps.get(i).data();
      JsonNode recorded = done.at("/trace/events/" + i);
      assertThat(streamed.get("decision")).isEqualTo(recorded.get("decision"));
      assertThat(streamed.get("durationMs")).isEqualTo(recorded.get("durationMs"));
      assertThat(streamed.get("candidates").size()).isLessThanOrEqualTo(5);
    }
    assertThat(steps.stream().anyMatch(e -> e.data().has("decision"))).as("a policy's decision is streamed").isTrue();
    // the answer's text as the generator gave it, before the citations
    int generation = names.lastIndexOf("generation");
    assertThat(generation).isPositive();
    StringBuilder text = new StringBuilder();
    for (Event e : events.subList(generation + 1, events.size())) {
      if (e.name().equals("token")) {
        text.append(e.data().get("text").asText());
      }
    }
    assertThat(text.toString()).isEqualTo(done.at("/answer/text").asText()).containsIgnoringCase("fat");
    assertThat(events.get(events.size() - 2).data().get("citations")).isEqualTo(done.get("citations"));
    assertThat(done.at("/citations/0/docId").asText()).isEqualTo("bactrian");
  }

  @Test
  void acceptTextEventStreamStreamsToo() throws Exception {
    HttpResponse<java.util.stream.Stream<String>> r = post("{\"query\": \"Where does groundwater reach the surface?\"}", Map.of("Accept", "text/event-stream"));
    assertThat(r.statusCode()).isEqualTo(200);
    List<Event> events = events(r);
    assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
    assertThat(events.get(events.size() - 1).data().at("/citations/0/docId").asText()).isEqualTo("oasis");
  }

  @Test
  void badRequestsAreStillPlainJsonErrors() throws Exception {
    HttpResponse<java.util.stream.Stream<String>> r = post("{\"query\": \"camels\", \"stream\": \"yes\"}", Map.of());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body().toList().get(0)).contains("\"code\":\"bad_request\"").contains("'stream' must be true or false");
    HttpResponse<java.util.stream.Stream<String>> unknown = post("{\"query\": \"camels\", \"stream\": true, \"process\": \"nope\"}", Map.of());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body().toList().get(0)).contains("unknown_process");
  }

  @Test
  void aDeadlinePassedAfterTheStreamOpenedIsAnErrorEvent() throws Exception {
    HttpResponse<java.util.stream.Stream<String>> r = post("{\"query\": \"spin\", \"process\": \"slow-loop\", \"timeout_ms\": 350, \"stream\": true}", Map.of());
    assertThat(r.statusCode()).isEqualTo(200);
    List<Event> events = events(r);
    assertThat(events.stream().filter(e -> e.name().equals("step")).count()).isGreaterThanOrEqualTo(1);
    Event last = events.get(events.size() - 1);
    assertThat(last.name()).isEqualTo("error");
    assertThat(last.data().at("/error/status").asInt()).isEqualTo(504);
    assertThat(last.data().at("/error/code").asText()).isEqualTo("deadline_exceeded");
  }

  @Test
  void aClientThatLeavesCancelsTheRun() throws Exception {
    RunCounts before = served.processRunner().runCounts();
    byte[] body = "{\"query\": \"spin\", \"process\": \"slow-loop\", \"timeout_ms\": 600000, \"stream\": true}".getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", served.httpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
      String line;
      while ((line = in.readLine()) != null && !line.startsWith("event: step")) {
        // the head, then the first step event: the run is under way
      }
      assertThat(line).isEqualTo("event: step");
    }
    waitFor(() -> served.processRunner().runCounts().cancelled() > before.cancelled(), "the run to be cancelled");
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
