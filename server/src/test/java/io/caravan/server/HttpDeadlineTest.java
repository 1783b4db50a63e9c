package io.caravan.server;

import io.caravan.runtime.CaravanSettings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.server.ApiClient.Reply;
import io.caravan.processes.RunCounts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deadlines and cancellation through the hosted endpoint, on the real stack. The process {@code
 * slow-loop} loops over a YAML step that sleeps 100 ms per visit, up to 1000 visits (the most
 * caravan:maxVisits allows, 100 s): only a deadline or a cancellation ends it in a test's lifetime;
 * {@code slow-tools} runs tool retrieval first, so tool search may run it. Assertions count runs
 * ({@link RunCounts}), never measure time; waits are bounded generously.
 */
@TestInstance(Lifecycle.PER_CLASS)
public class HttpDeadlineTest {

  static final String NAP_ROUTE = """
      - route:
          id: nap
          from:
            uri: direct:step-nap
            steps:
              - delay:
                  expression:
                    constant: "100"
      """;

  static final String SLOW_LOOP = """
      <?xml version="1.0" encoding="UTF-8"?>
      <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                   xmlns:flowable="http://flowable.org/bpmn"
                   xmlns:caravan="http://caravan.io/bpmn"
                   targetNamespace="http://caravan.io/test">
        <process id="slow-loop" isExecutable="true">
          <startEvent id="start"/>
          <sequenceFlow id="in" sourceRef="start" targetRef="nap"/>
          <serviceTask id="nap" flowable:delegateExpression="${caravanStep}" caravan:maxVisits="1000">
            <extensionElements><flowable:field name="step" stringValue="nap"/></extensionElements>
          </serviceTask>
          <sequenceFlow id="toAgain" sourceRef="nap" targetRef="again"/>
          <exclusiveGateway id="again" default="out"/>
          <sequenceFlow id="loop" sourceRef="again" targetRef="nap">
            <conditionExpression xsi:type="tFormalExpression">${run.visits('nap') > 0}</conditionExpression>
          </sequenceFlow>
          <sequenceFlow id="out" sourceRef="again" targetRef="end"/>
          <endEvent id="end"/>
        </process>
      </definitions>
      """;

  private static final int STANDARD_TIMEOUT_MS = 300;
  private static final int MAX_TIMEOUT_MS = 600_000;
  private static final long WAIT_MS = 120_000;

  @TempDir static Path root;

  private ServedCaravan caravan;
  private ApiClient api;

  /** A folder with the nap route and one with the slow loop, as {@code caravan.routes.dir} and {@code caravan.process.dir} want them. */
  public static void writeSlowLoop(Path routes, Path processes) throws IOException {
    Files.createDirectories(routes);
    Files.createDirectories(processes);
    Files.writeString(routes.resolve("nap.camel.yaml"), NAP_ROUTE);
    Files.writeString(processes.resolve("slow-loop.bpmn20.xml"), SLOW_LOOP);
    Files.writeString(processes.resolve("slow-tools.bpmn20.xml"), SLOW_LOOP
        .replace("id=\"slow-loop\"", "id=\"slow-tools\"")
        .replace("<sequenceFlow id=\"in\" sourceRef=\"start\" targetRef=\"nap\"/>",
            "<sequenceFlow id=\"in\" sourceRef=\"start\" targetRef=\"tools\"/>"
                + "<serviceTask id=\"tools\" flowable:delegateExpression=\"${caravanStep}\">"
                + "<extensionElements><flowable:field name=\"step\" stringValue=\"retrieve-tools\"/></extensionElements></serviceTask>"
                + "<sequenceFlow id=\"toNap\" sourceRef=\"tools\" targetRef=\"nap\"/>"));
  }

  @BeforeAll
  void start() throws Exception {
    writeSlowLoop(root.resolve("routes"), root.resolve("processes"));
    CaravanSettings settings =
        CaravanSettings.defaultsOnly()
            .with("caravan.data", root.resolve("data").toString())
            .with("caravan.encoder", "int8")
            .with("caravan.http.port", "0")
            .with("caravan.http.auth", "open")
            .with("caravan.routes.dir", root.resolve("routes").toString())
            .with("caravan.process.dir", root.resolve("processes").toString())
            .with("caravan.query.timeout-ms", Integer.toString(STANDARD_TIMEOUT_MS))
            .with("caravan.query.max-timeout-ms", Integer.toString(MAX_TIMEOUT_MS));
    caravan = ServedCaravan.start(settings);
    api = new ApiClient(caravan.httpPort());
  }

  @AfterAll
  void stop() {
    if (caravan != null) {
      caravan.close();
    }
  }

  private RunCounts counts() {
    return caravan.processRunner().runCounts();
  }

  @Test
  void aQueryPastTheStandardDeadlineGets504() {
    long before = counts().deadlineExceeded();
    JsonNode error = api.postJson("/v1/query", Map.of("query", "spin", "process", "slow-loop")).assertError(504, "deadline_exceeded");
    assertThat(error.get("message").textValue())
        .startsWith("process 'slow-loop' ran past its deadline of " + STANDARD_TIMEOUT_MS + " ms and was stopped before task 'nap'");
    assertThat(counts().deadlineExceeded()).isEqualTo(before + 1);
  }

  @Test
  void aQueryGetsTheTimeoutItAsksFor() {
    JsonNode error = api.postJson("/v1/query", Map.of("query", "spin", "process", "slow-loop", "timeout_ms", 150)).assertError(504, "deadline_exceeded");
    assertThat(error.get("message").textValue()).contains("deadline of 150 ms");
  }

  @Test
  void aToolSearchHasADeadlineToo() {
    JsonNode error = api.postJson("/v1/tools/search", Map.of("query", "spin", "process", "slow-tools", "timeout_ms", 120)).assertError(504, "deadline_exceeded");
    assertThat(error.get("message").textValue()).contains("deadline of 120 ms");
  }

  @Test
  void aQueryWithinItsDeadlineAnswers() {
    Reply reply = api.postJson("/v1/query", Map.of("query", "What do camels store in their humps?", "timeout_ms", 60_000));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "1.5", "\"100\"", "true", "600001", "99999999999"})
  void aTimeoutThatIsNotAPositiveIntegerUpToTheMaximumIs400(String value) {
    long started = counts().started();
    JsonNode error = api.postJson("/v1/query", "{\"query\": \"spin\", \"process\": \"slow-loop\", \"timeout_ms\": " + value + "}")
        .assertError(400, "bad_request");
    assertThat(error.get("message").textValue()).contains("timeout_ms").contains(Integer.toString(MAX_TIMEOUT_MS));
    assertThat(counts().started()).as("no run started").isEqualTo(started);
  }

  @Test
  void closingTheConnectionCancelsTheRun() throws Exception {
    RunCounts before = counts();
    byte[] body = ("{\"query\": \"spin\", \"process\": \"slow-loop\", \"timeout_ms\": " + MAX_TIMEOUT_MS + "}").getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", caravan.httpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      waitFor(() -> counts().started() > before.started(), "the run to start");
    }
    // the deadline is ten minutes and the loop's bound over an hour: only the cancellation ends it now
    waitFor(() -> counts().cancelled() > before.cancelled(), "the run to be cancelled");
    RunCounts after = counts();
    assertThat(after.cancelled()).isEqualTo(before.cancelled() + 1);
    assertThat(after.deadlineExceeded()).isEqualTo(before.deadlineExceeded());
    assertThat(after.failed()).isEqualTo(before.failed());
  }


  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting " + WAIT_MS + " ms for " + what);
      }
      Thread.sleep(10);
    }
  }
}
