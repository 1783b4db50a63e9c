package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.processes.RunCounts;
import io.caravan.runtime.CaravanSettings;
import io.caravan.server.auth.ApiKeys;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load shedding on the real stack: one query slot and one place in the queue
 * ({@code caravan.http.max-in-flight=1}, {@code max-queued=1}), the {@code slow-loop} process of
 * {@link HttpDeadlineTest} to hold the slot, and a per-key rate. Orders of events are forced by
 * waiting on run counts, never by sleeping.
 */
@TestInstance(Lifecycle.PER_CLASS)
class LoadSheddingTest {

  private static final String SLOW = ApiKeys.newKey(new SecureRandom());
  private static final String LIMITED = ApiKeys.newKey(new SecureRandom());

  @TempDir static Path root;

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
        .with("caravan.http.api-keys", ApiKeys.entryLine(LIMITED, new Principal("limited", "default", Set.of(Scope.QUERY), Set.of())))
        .with("caravan.http.max-in-flight", "1")
        .with("caravan.http.max-queued", "1")
        .with("caravan.http.rate-limit", "0.01")
        .with("caravan.routes.dir", root.resolve("routes").toString())
        .with("caravan.process.dir", root.resolve("processes").toString())
        .with("caravan.query.max-timeout-ms", "600000"));
    api = new ApiClient(served.httpPort());
  }

  @AfterAll
  void stop() {
    if (served != null) {
      served.close();
    }
  }

  private RunCounts counts() {
    return served.processRunner().runCounts();
  }

  @Test
  void beyondTheSlotsAndTheQueueA429AtOnceAndTheQueuedQueryRunsWhenTheSlotFrees() throws Exception {
    RunCounts before = counts();
    HttpClient http = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
    byte[] slow = "{\"query\": \"spin\", \"process\": \"slow-loop\", \"timeout_ms\": 600000}".getBytes(StandardCharsets.UTF_8);
    try (Socket holder = new Socket("127.0.0.1", served.httpPort())) {
      OutputStream out = holder.getOutputStream();
      out.write(("POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + slow.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(slow);
      out.flush();
      waitFor(() -> counts().started() > before.started(), "the slow run to take the slot");
      for (int i = 0; i < 2; i++) {
        HttpRequest q = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + served.httpPort() + "/v1/query"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"What do camels store?\"}"))
            .build();
        waiting.add(http.sendAsync(q, BodyHandlers.ofString()));
      }
      // one of the two waits in the queue, the other is refused at once
      CompletableFuture.anyOf(waiting.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      HttpResponse<String> refused = waiting.stream().filter(CompletableFuture::isDone).findFirst().orElseThrow().join();
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).contains("1");
      assertThat(refused.body()).contains("\"code\":\"overloaded\"");
      assertThat(counts().started()).as("the refused query started no run").isEqualTo(before.started() + 1);
    }
    // the holder left: its run is cancelled and the queued query takes the slot
    for (CompletableFuture<HttpResponse<String>> f : waiting) {
      f.get(120, TimeUnit.SECONDS);
    }
    List<Integer> statuses = waiting.stream().map(f -> f.join().statusCode()).sorted().toList();
    assertThat(statuses).containsExactly(200, 429);
    waitFor(() -> counts().cancelled() > before.cancelled(), "the slow run to be cancelled");
    // every admission was given back: three queries in a row all run
    for (int i = 0; i < 3; i++) {
      ApiClient.Reply r = api.postJson("/v1/query", Map.of("query", "What do camels store?"));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
  }

  @Test
  void aKeyOverItsRateGets429WithRetryAfter() {
    ApiClient limited = api.withKey(LIMITED);
    ApiClient.Reply first = limited.postJson("/v1/query", Map.of("query", "What do camels store?"));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    ApiClient.Reply second = limited.postJson("/v1/query", Map.of("query", "What do camels store?"));
    second.assertError(429, "rate_limited");
    assertThat(Integer.parseInt(second.header("Retry-After"))).isBetween(90, 100);
    // the limit is the key's: the local user is not slowed by it
    assertThat(api.postJson("/v1/query", Map.of("query", "What do camels store?")).status()).isEqualTo(200);
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
