package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.runtime.CaravanSettings;
import io.caravan.server.auth.ApiKeys;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code /v1} call with and without API keys, on a real server in keys mode. */
@TestInstance(Lifecycle.PER_CLASS)
class ApiKeysHttpTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String READER = ApiKeys.newKey(RANDOM);
  private static final String WRITER = ApiKeys.newKey(RANDOM);
  private static final String ADMIN = ApiKeys.newKey(RANDOM);

  @TempDir static Path data;

  private ServedCaravan served;
  private ApiClient anonymous;

  @BeforeAll
  void start() throws Exception {
    String entries = String.join(";",
        ApiKeys.entryLine(READER, new Principal("reader", "acme", Set.of(Scope.QUERY), Set.of())),
        ApiKeys.entryLine(WRITER, new Principal("writer", "acme", Set.of(Scope.QUERY, Scope.INGEST), Set.of())),
        ApiKeys.entryLine(ADMIN, new Principal("ops", "acme", Set.of(Scope.ADMIN), Set.of())));
    served = ServedCaravan.start(CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.encoder", "int8")
        .with("caravan.http.port", "0")
        .with("caravan.http.api-keys", entries));
    anonymous = new ApiClient(served.httpPort());
  }

  @AfterAll
  void stop() {
    if (served != null) {
      served.close();
    }
  }

  @Test
  void everyV1CallNeedsAKey() {
    ApiClient.Reply r = anonymous.postJson("/v1/query", Map.of("query", "camels"));
    r.assertError(401, "unauthorized");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    anonymous.postJson("/v1/documents", Map.of("id", "d", "text", "t")).assertError(401, "unauthorized");
    anonymous.delete("/v1/documents/d").assertError(401, "unauthorized");
    anonymous.get("/v1/processes").assertError(401, "unauthorized");
    anonymous.postJson("/v1/tools/search", Map.of("query", "weather")).assertError(401, "unauthorized");
    anonymous.withKey("cvn_not-a-key").postJson("/v1/query", Map.of("query", "camels")).assertError(401, "unauthorized");
    // health stays open for probes
    assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);
    assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
  }

  @Test
  void scopesDecideWhatAKeyMayDo() {
    ApiClient reader = anonymous.withKey(READER);
    ApiClient writer = anonymous.withKey(WRITER);
    ApiClient admin = anonymous.withKey(ADMIN);

    ApiClient.Reply denied = reader.postJson("/v1/documents", Map.of("id", "oasis", "text", "An oasis is a fertile spot in a desert."));
    denied.assertError(403, "forbidden");
    assertThat(denied.body()).contains("reader").contains("ingest").doesNotContain(READER);
    reader.delete("/v1/documents/oasis").assertError(403, "forbidden");

    ApiClient.Reply added = writer.postJson("/v1/documents", Map.of("id", "oasis", "text", "An oasis is a fertile spot in a desert where water is found."));
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    ApiClient.Reply answered = reader.postJson("/v1/query", Map.of("query", "Where is water found in a desert?"));
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    assertThat(answered.json().at("/citations/0/docId").asText()).isEqualTo("oasis");
    assertThat(reader.get("/v1/processes").status()).isEqualTo(200);

    admin.postJson("/v1/query", Map.of("query", "camels")).assertError(403, "forbidden");
    byte[] notBpmn = "<definitions/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    writer.post("/v1/processes?name=x.bpmn20.xml", BodyPublishers.ofByteArray(notBpmn), Map.of("Content-Type", "application/xml"))
        .assertError(403, "forbidden");
    // the admin key passes authentication and reaches validation
    admin.post("/v1/processes?name=x.bpmn20.xml", BodyPublishers.ofByteArray(notBpmn), Map.of("Content-Type", "application/xml"))
        .assertError(422, "invalid_bpmn");
  }

  @Test
  void keysModeWithoutKeysAndOpenModeOffLoopbackDoNotStart() {
    assertThatThrownBy(() -> HttpSettings.from(CaravanSettings.defaultsOnly()))
        .hasMessageContaining("caravan.http.auth")
        .hasMessageContaining("caravan keys new")
        .hasMessageContaining("--open");
    assertThatThrownBy(() -> HttpSettings.from(CaravanSettings.defaultsOnly().with("caravan.http.auth", "open").with("caravan.http.host", "0.0.0.0")))
        .hasMessageContaining("loopback");
    assertThat(HttpSettings.from(CaravanSettings.defaultsOnly().with("caravan.http.auth", "open").with("caravan.http.host", "::1")).auth().open()).isTrue();
    assertThat(HttpSettings.from(CaravanSettings.defaultsOnly().with("caravan.http.auth", "open").with("caravan.http.host", "localhost")).auth().open()).isTrue();
    CaravanSettings withKeys = CaravanSettings.defaultsOnly().with("caravan.http.api-keys", ApiKeys.entryLine(READER, new Principal("r", "t", Set.of(Scope.QUERY), Set.of())));
    assertThat(withKeys.toString()).doesNotContain(ApiKeys.entryLine(READER, new Principal("r", "t", Set.of(Scope.QUERY), Set.of())));
    assertThat(HttpSettings.from(withKeys).toString()).doesNotContain(READER).contains("1 keys");
  }
}
