package io.caravan.server;

import io.caravan.runtime.CaravanSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.server.ApiClient.Reply;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing a process needs {@code ?replace=true}, is recorded, and what the API deployed comes
 * back after a restart: each test starts a server on its own data folder, and restarts it.
 */
class ProcessPersistenceTest {

  private static final String ADMIN_KEY = "persistence-admin-key-51c2";

  @TempDir Path root;

  /** A process with the given id running the given steps in a row. */
  static String process(String id, String... steps) {
    StringBuilder body = new StringBuilder("<startEvent id=\"start\"/>\n");
    String previous = "start";
    for (String step : steps) {
      body.append("<sequenceFlow id=\"to-").append(step).append("\" sourceRef=\"").append(previous).append("\" targetRef=\"").append(step).append("\"/>\n")
          .append("<serviceTask id=\"").append(step).append("\" flowable:delegateExpression=\"${caravanStep}\">")
          .append("<extensionElements><flowable:field name=\"step\" stringValue=\"").append(step).append("\"/></extensionElements></serviceTask>\n");
      previous = step;
    }
    body.append("<sequenceFlow id=\"to-end\" sourceRef=\"").append(previous).append("\" targetRef=\"end\"/>\n<endEvent id=\"end\"/>");
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                     xmlns:flowable="http://flowable.org/bpmn"
                     targetNamespace="http://caravan.io/test">
          <process id="%s" isExecutable="true">
        %s
          </process>
        </definitions>
        """.formatted(id, body);
  }

  private CaravanSettings settings() {
    return CaravanSettings.defaultsOnly()
        .with("caravan.data", root.resolve("data").toString())
        .with("caravan.encoder", "int8")
        .with("caravan.http.port", "0")
            .with("caravan.http.auth", "open")
        .with("caravan.admin.key", ADMIN_KEY);
  }

  private static Reply deploy(ApiClient api, String query, String xml) {
    return api.post("/v1/processes" + query, BodyPublishers.ofString(xml, StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/xml", "X-Caravan-Admin-Key", ADMIN_KEY));
  }

  private static List<String> steps(ApiClient api, String process) {
    Reply r = api.postJson("/v1/query", process == null ? Map.of("query", "camel humps") : Map.of("query", "camel humps", "process", process));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().at("/trace/events").findValuesAsText("step");
  }

  private static JsonNode listed(ApiClient api, String key) {
    for (JsonNode p : api.get("/v1/processes").json()) {
      if (p.get("key").textValue().equals(key)) {
        return p;
      }
    }
    throw new AssertionError("process " + key + " is not listed");
  }

  @Test
  void replacingTheDefaultProcessNeedsReplaceTrueIsRecordedAndSurvivesARestart() throws Exception {
    String ragWithoutRetrieval = process("rag", "generate");
    JsonNode replaced;
    try (ServedCaravan caravan = ServedCaravan.start(settings())) {
      ApiClient api = new ApiClient(caravan.httpPort());
      assertThat(listed(api, "rag").get("origin").textValue()).isEqualTo("bundled");

      JsonNode error = deploy(api, "?name=my-rag.bpmn20.xml", ragWithoutRetrieval).assertError(409, "process_exists");
      assertThat(error.get("message").textValue()).contains("process 'rag' already exists (version 1, bundled").contains("replace=true");
      assertThat(steps(api, null)).containsExactly("retrieve", "rerank", "generate");
      assertThat(listed(api, "rag").get("version").intValue()).isEqualTo(1);

      Reply ok = deploy(api, "?name=my-rag.bpmn20.xml&replace=true", ragWithoutRetrieval);
      assertThat(ok.status()).as(ok.body()).isEqualTo(201);
      replaced = ok.json();
      assertThat(replaced.get("key").textValue()).isEqualTo("rag");
      assertThat(replaced.get("version").intValue()).isEqualTo(2);
      assertThat(replaced.get("origin").textValue()).isEqualTo("api");
      assertThat(replaced.get("deployedBy").textValue()).isEqualTo("key of admin from 127.0.0.1");
      assertThat(replaced.get("deployedBy").textValue()).doesNotContain(ADMIN_KEY);
      assertThat(replaced.get("unchanged").booleanValue()).isFalse();
      assertThat(replaced.at("/replaced/version").intValue()).isEqualTo(1);
      assertThat(replaced.at("/replaced/origin").textValue()).isEqualTo("bundled");
      assertThat(steps(api, null)).containsExactly("generate");

      JsonNode rag = listed(api, "rag");
      assertThat(rag.get("version").intValue()).isEqualTo(2);
      assertThat(rag.get("origin").textValue()).isEqualTo("api");
      assertThat(rag.get("versions").findValuesAsText("origin")).containsExactly("bundled", "api");

      // the same bytes again change nothing and need no replace
      Reply again = deploy(api, "?name=my-rag-again.bpmn20.xml", ragWithoutRetrieval);
      assertThat(again.status()).as(again.body()).isEqualTo(200);
      assertThat(again.json().get("unchanged").booleanValue()).isTrue();
      assertThat(again.json().get("version").intValue()).isEqualTo(2);
    }

    try (ServedCaravan restarted = ServedCaravan.start(settings())) {
      ApiClient api = new ApiClient(restarted.httpPort());
      JsonNode rag = listed(api, "rag");
      assertThat(rag.get("origin").textValue()).isEqualTo("api");
      assertThat(rag.get("deployedBy").textValue()).isEqualTo(replaced.get("deployedBy").textValue());
      assertThat(rag.get("deployedAt").textValue()).isEqualTo(replaced.get("deployedAt").textValue());
      assertThat(rag.get("resource").textValue()).isEqualTo("my-rag.bpmn20.xml");
      assertThat(rag.get("versions").findValuesAsText("origin")).containsExactly("bundled", "api");
      assertThat(steps(api, null)).containsExactly("generate");
    }
  }

  @Test
  void anApiDeployOutranksTheProcessFolderAfterARestart() throws Exception {
    Path folder = root.resolve("processes");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("greet.bpmn20.xml"), process("greet", "generate"));
    CaravanSettings settings = settings().with("caravan.process.dir", folder.toString());

    try (ServedCaravan caravan = ServedCaravan.start(settings)) {
      ApiClient api = new ApiClient(caravan.httpPort());
      assertThat(listed(api, "greet").get("origin").textValue()).isEqualTo("folder");
      deploy(api, "?name=greet.bpmn20.xml", process("greet", "retrieve", "generate")).assertError(409, "process_exists");
      Reply ok = deploy(api, "?name=greet.bpmn20.xml&replace=true", process("greet", "retrieve", "generate"));
      assertThat(ok.status()).as(ok.body()).isEqualTo(201);
      Reply fresh = deploy(api, "?name=fresh.bpmn20.xml", process("fresh", "retrieve"));
      assertThat(fresh.status()).as(fresh.body()).isEqualTo(201);
      assertThat(fresh.json().get("replaced").isNull()).isTrue();
    }

    try (ServedCaravan restarted = ServedCaravan.start(settings)) {
      ApiClient api = new ApiClient(restarted.httpPort());
      // bundled, then the folder, then what the API deployed: the last one wins
      assertThat(listed(api, "greet").get("versions").findValuesAsText("origin")).containsExactly("folder", "api");
      assertThat(steps(api, "greet")).containsExactly("retrieve", "generate");
      assertThat(listed(api, "fresh").get("origin").textValue()).isEqualTo("api");
      assertThat(steps(api, "fresh")).containsExactly("retrieve");
    }
  }

  @Test
  void aStoredProcessThatNoLongerValidatesStopsTheStartAndNamesItsFile() throws Exception {
    Path routes = root.resolve("routes");
    HttpDeadlineTest.writeSlowLoop(routes, root.resolve("unused"));
    try (ServedCaravan caravan = ServedCaravan.start(settings().with("caravan.routes.dir", routes.toString()))) {
      Reply ok = deploy(new ApiClient(caravan.httpPort()), "?name=napper.bpmn20.xml", process("napper", "nap"));
      assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    }
    List<Path> stored = new ArrayList<>();
    try (Stream<Path> s = Files.list(root.resolve("data").resolve("processes"))) {
      s.filter(p -> p.getFileName().toString().endsWith(".bpmn20.xml")).forEach(stored::add);
    }
    assertThat(stored).hasSize(1);

    // the routes folder that provided the step 'nap' is gone
    assertThatThrownBy(() -> ServedCaravan.start(settings()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(stored.get(0).toString())
        .hasMessageContaining("no longer validates")
        .hasMessageContaining("nap");
  }

  @Test
  void replaceMustBeTrueOrFalse() throws Exception {
    try (ServedCaravan caravan = ServedCaravan.start(settings())) {
      JsonNode error = deploy(new ApiClient(caravan.httpPort()), "?name=x.bpmn20.xml&replace=yes", process("x", "generate")).assertError(400, "bad_request");
      assertThat(error.get("message").textValue()).contains("replace");
    }
  }
}
