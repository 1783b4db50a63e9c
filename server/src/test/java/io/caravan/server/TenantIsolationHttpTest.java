package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.runtime.CaravanSettings;
import io.caravan.server.auth.ApiKeys;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants over HTTP, randomized and seeded: four tenants write documents from one shared
 * vocabulary, some under ids that other tenants use too, some behind an access list; thousands of
 * queries through several processes, each by a random key, and not one passage, citation or trace
 * candidate of another tenant (or behind a list the key is not on) may come back, while each tenant
 * does find its own documents. Re-ingesting and deleting an id touch only the caller's tenant.
 */
@TestInstance(Lifecycle.PER_CLASS)
class TenantIsolationHttpTest {

  static final long SEED = 20_261_201L;
  static final int QUERIES = 2_000;
  private static final List<String> TENANTS = List.of("alpha", "bravo", "charlie", "default");
  private static final String[] PROCESSES = {"rag", "rag", "rag", "adaptive-rag", "iterative-rag", "lazy-rag"};

  @TempDir static Path data;

  /** One key: its tenant, whether it is on the access lists, the client sending it. */
  record Caller(String tenant, boolean insider, ApiClient api) {}

  /** What a tenant holds: each document's id, its text and whether it has an access list. */
  record Doc(String tenant, String id, String text, boolean restricted) {}

  private ServedCaravan served;
  private final List<Caller> callers = new ArrayList<>();
  private final Map<String, Map<String, Doc>> docs = new LinkedHashMap<>();
  private final Random random = new Random(SEED);
  private final List<String> vocabulary = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    SecureRandom keys = new SecureRandom();
    Map<String, String> keyOf = new HashMap<>();
    List<String> entries = new ArrayList<>();
    for (String tenant : TENANTS) {
      for (boolean insider : new boolean[] {true, false}) {
        String key = ApiKeys.newKey(keys);
        String name = tenant + (insider ? "-insider" : "-outsider");
        entries.add(ApiKeys.entryLine(key, new Principal(name, tenant, Set.of(Scope.QUERY, Scope.INGEST), insider ? Set.of("insiders") : Set.of())));
        keyOf.put(name, key);
      }
    }
    served = ServedCaravan.start(CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.encoder", "int8")
        .with("caravan.http.port", "0")
        .with("caravan.http.api-keys", String.join(";", entries))
        .with("caravan.http.max-queued", "64"));
    for (String tenant : TENANTS) {
      for (boolean insider : new boolean[] {true, false}) {
        callers.add(new Caller(tenant, insider, new ApiClient(served.httpPort()).withKey(keyOf.get(tenant + (insider ? "-insider" : "-outsider")))));
      }
    }
    for (int i = 0; i < 120; i++) {
      vocabulary.add("w" + Integer.toString(i * 7919 % 100_003, 36));
    }
    // each tenant: 30 documents of its own, a shared id pool of which it holds a random part, 5 behind its access list
    for (String tenant : TENANTS) {
      Map<String, Doc> held = new LinkedHashMap<>();
      for (int i = 0; i < 30; i++) {
        held.put(tenant + "-" + i, doc(tenant, tenant + "-" + i, false));
      }
      for (int i = 0; i < 12; i++) {
        if (random.nextInt(3) > 0) {
          held.put("shared-" + i, doc(tenant, "shared-" + i, false));
        }
      }
      for (int i = 0; i < 5; i++) {
        held.put(tenant + "-secret-" + i, doc(tenant, tenant + "-secret-" + i, true));
      }
      docs.put(tenant, held);
      List<Map<String, Object>> body = new ArrayList<>();
      for (Doc d : held.values()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("text", d.text());
        if (d.restricted()) {
          m.put("acl", List.of("insiders"));
        }
        body.add(m);
      }
      ApiClient.Reply r = writer(tenant).postJson("/v1/documents", Map.of("documents", body));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("added").asInt()).isEqualTo(held.size());
    }
  }

  @AfterAll
  void stop() {
    if (served != null) {
      served.close();
    }
  }

  /** Twelve words of the shared vocabulary and the tenant's own mark, which no other tenant's text has. */
  private Doc doc(String tenant, String id, boolean restricted) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      text.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(' ');
    }
    return new Doc(tenant, id, text.append("mark").append(tenant).append('.').toString(), restricted);
  }

  private ApiClient writer(String tenant) {
    return callers.stream().filter(c -> c.tenant().equals(tenant) && c.insider()).findFirst().orElseThrow().api();
  }

  /** Whether {@code caller} may see the document {@code id}: its tenant holds it, and it is open or the caller is an insider. */
  private boolean visible(Caller caller, String id) {
    Doc d = docs.get(caller.tenant()).get(id);
    return d != null && (!d.restricted() || caller.insider());
  }

  @Test
  void thousandsOfRandomQueriesFindNoPassageCitationOrTraceEntryOfAnotherTenant() {
    int found = 0;
    int aimed = 0;
    Set<String> processesRun = new HashSet<>();
    for (int i = 0; i < QUERIES; i++) {
      Caller caller = callers.get(random.nextInt(callers.size()));
      List<Doc> own = docs.get(caller.tenant()).values().stream().filter(d -> visible(caller, d.id())).toList();
      Doc target = own.get(random.nextInt(own.size()));
      String[] words = target.text().split(" ");
      String question = random.nextInt(4) == 0
          ? vocabulary.get(random.nextInt(vocabulary.size())) + " " + vocabulary.get(random.nextInt(vocabulary.size()))
          : words[random.nextInt(12)] + " " + words[random.nextInt(12)] + " " + words[random.nextInt(12)];
      String process = PROCESSES[random.nextInt(PROCESSES.length)];
      processesRun.add(process);
      ApiClient.Reply r = caller.api().postJson("/v1/query", Map.of("query", question, "process", process, "k", 10));
      String what = "query " + i + " by " + caller + " (" + process + "): " + question;
      assertThat(r.status()).as(what + " -> " + r.body()).isEqualTo(200);
      JsonNode reply = r.json();
      for (JsonNode p : reply.get("passages")) {
        String id = p.get("docId").asText();
        assertThat(visible(caller, id)).as(what + ": passage " + id).isTrue();
        assertThat(p.get("text").asText()).as(what + ": passage text of " + id).contains("mark" + caller.tenant());
      }
      for (JsonNode c : reply.get("citations")) {
        assertThat(visible(caller, c.get("docId").asText())).as(what + ": citation " + c).isTrue();
        assertThat(docs.get(caller.tenant()).get(c.get("docId").asText()).text()).as(what + ": quote of " + c).contains(c.get("quote").asText());
      }
      for (JsonNode event : reply.at("/trace/events")) {
        for (JsonNode cand : event.get("candidates")) {
          assertThat(visible(caller, cand.get("docId").asText())).as(what + ": trace candidate " + cand + " of " + event.get("step")).isTrue();
        }
      }
      if (!question.contains(" ") || question.split(" ").length == 3) {
        aimed++;
        if (reply.get("passages").findValuesAsText("docId").contains(target.id())) {
          found++;
        }
      }
    }
    assertThat(processesRun).contains("rag", "adaptive-rag", "iterative-rag", "lazy-rag");
    // each tenant finds its own: the document the words came from is among the passages most of the time
    assertThat((double) found / aimed).as("queries that found the document they were drawn from").isGreaterThan(0.8);
  }

  @Test
  void reIngestingAndDeletingAnIdTouchOnlyTheCallersTenant() {
    String shared = docs.get("alpha").keySet().stream().filter(id -> id.startsWith("shared-") && docs.get("bravo").containsKey(id)).findFirst().orElseThrow();
    ApiClient alpha = writer("alpha");
    ApiClient bravo = writer("bravo");
    ApiClient.Reply replaced = alpha.postJson("/v1/documents", Map.of("id", shared, "text", "zebraword replaced in alpha only. markalpha."));
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().get("updated").asInt()).isEqualTo(1);
    assertThat(bravo.postJson("/v1/query", Map.of("query", "zebraword replaced", "k", 10)).json().get("passages").findValuesAsText("docId"))
        .doesNotContain(shared);
    assertThat(alpha.postJson("/v1/query", Map.of("query", "zebraword replaced", "k", 10)).json().at("/passages/0/docId").asText()).isEqualTo(shared);

    // the same bytes again in bravo are bravo's first copy, not a skip of alpha's
    ApiClient.Reply copied = bravo.postJson("/v1/documents", Map.of("id", "only-alpha-had-it", "text", "a text alpha wrote first. markbravo."));
    ApiClient.Reply first = alpha.postJson("/v1/documents", Map.of("id", "only-alpha-had-it", "text", "a text alpha wrote first. markbravo."));
    assertThat(copied.json().get("added").asInt()).isEqualTo(1);
    assertThat(first.json().get("added").asInt()).isEqualTo(1);

    assertThat(bravo.delete("/v1/documents/" + shared).status()).isEqualTo(200);
    bravo.delete("/v1/documents/" + shared).assertError(404, "unknown_document");
    assertThat(alpha.postJson("/v1/query", Map.of("query", "zebraword replaced", "k", 10)).json().at("/passages/0/docId").asText()).isEqualTo(shared);
    // a tenant cannot delete what only another holds
    writer("charlie").delete("/v1/documents/alpha-3").assertError(404, "unknown_document");
    assertThat(alpha.postJson("/v1/query", Map.of("query", docs.get("alpha").get("alpha-3").text(), "k", 5)).json().get("passages").findValuesAsText("docId"))
        .contains("alpha-3");
  }

  @Test
  void aForgedTenantInTheBodyIsRefusedAndAFilterCannotWidenTheAccess() {
    ApiClient alpha = writer("alpha");
    alpha.postJson("/v1/query", Map.of("query", "w1", "tenant", "bravo")).assertError(400, "bad_request");
    alpha.postJson("/v1/documents", Map.of("id", "x", "text", "t", "tenant", "bravo")).assertError(400, "bad_request");
    JsonNode r = alpha.postJson("/v1/query", Map.of("query", "markbravo", "filters", Map.of("tenant", "bravo"), "k", 10)).json();
    assertThat(r.get("passages")).isEmpty();
  }
}
