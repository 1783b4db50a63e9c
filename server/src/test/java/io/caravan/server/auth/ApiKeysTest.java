package io.caravan.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.server.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void aKeyFileHoldsHashesAndAuthenticatesTheKeyNotTheHash(@TempDir Path dir) throws Exception {
    String alice = ApiKeys.newKey(RANDOM);
    String bob = ApiKeys.newKey(RANDOM);
    Principal a = new Principal("alice", "acme", Set.of(Scope.QUERY, Scope.INGEST), Set.of("finance", "hr"));
    Principal b = new Principal("bob", "globex", Set.of(Scope.QUERY), Set.of());
    Path file = dir.resolve("keys");
    Files.writeString(file, "# keys of the test\n" + ApiKeys.entryLine(alice, a) + "   # alice\n\n" + ApiKeys.entryLine(bob, b) + "\n");

    ApiKeys keys = ApiKeys.read(file);

    assertThat(Files.readString(file)).doesNotContain(alice).doesNotContain(bob);
    assertThat(keys.authenticate(alice)).contains(a);
    assertThat(keys.authenticate(bob)).contains(b);
    assertThat(keys.authenticate(alice + "x")).isEmpty();
    assertThat(keys.authenticate(alice.substring(1))).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
    assertThat(keys.authenticate(null)).isEmpty();
    String hash = ApiKeys.entryLine(alice, a).split(" ")[0];
    assertThat(keys.authenticate(hash)).as("the stored hash is not a key").isEmpty();
    assertThat(keys.toString()).isEqualTo("ApiKeys[2 keys]");
  }

  @Test
  void newKeysAreRandomAndRecognisable() {
    String k1 = ApiKeys.newKey(RANDOM);
    String k2 = ApiKeys.newKey(RANDOM);
    assertThat(k1).startsWith(ApiKeys.PREFIX).hasSize(ApiKeys.PREFIX.length() + 43).isNotEqualTo(k2);
  }

  @Test
  void aBadEntryNamesItsLineAndNeverEchoesAPlainKey() {
    assertThatThrownBy(() -> ApiKeys.parse("cvn_secretsecret alice acme query", "keys"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys, entry 1")
        .hasMessageContaining("sha256:")
        .hasMessageNotContaining("cvn_secretsecret");
    String ok = ApiKeys.entryLine("k", new Principal("a", "t", Set.of(Scope.QUERY), Set.of()));
    assertThatThrownBy(() -> ApiKeys.parse(ok + ";" + ok.replace(" query", " root"), "env"))
        .hasMessageContaining("env, entry 2")
        .hasMessageContaining("unknown scope 'root'");
    assertThatThrownBy(() -> ApiKeys.parse(ok + ";" + ok, "env")).hasMessageContaining("principal 'a' has more than one key entry");
    assertThatThrownBy(() -> ApiKeys.parse(ok.replace(" t ", " ../t "), "env")).hasMessageContaining("tenant must be");
  }

  @Test
  void withoutAKeyOnlyTheOpenLocalModeLetsACallerIn() {
    String key = ApiKeys.newKey(RANDOM);
    Principal reader = new Principal("reader", "acme", Set.of(Scope.QUERY), Set.of());
    ApiKeys keys = ApiKeys.of(java.util.List.of(new ApiKeys.Entry(ApiKeys.sha256(key), reader)));
    Authenticator strict = Authenticator.keys(keys);
    Authenticator open = Authenticator.openLocal(keys);

    assertStatus(() -> strict.authenticate(headers(Map.of()), Scope.QUERY), 401, "unauthorized");
    assertStatus(() -> strict.authenticate(headers(Map.of("Authorization", "Basic abc")), Scope.QUERY), 401, "unauthorized");
    assertStatus(() -> strict.authenticate(headers(Map.of("Authorization", "Bearer nope")), Scope.QUERY), 401, "unauthorized");
    assertThat(strict.authenticate(headers(Map.of("Authorization", "bearer " + key)), Scope.QUERY)).isEqualTo(reader);
    assertThat(strict.authenticate(headers(Map.of("X-API-Key", key)), Scope.QUERY)).isEqualTo(reader);
    assertStatus(() -> strict.authenticate(headers(Map.of("X-API-Key", key)), Scope.INGEST), 403, "forbidden");

    assertThat(open.authenticate(headers(Map.of()), Scope.INGEST)).isSameAs(Principal.LOCAL);
    assertThat(Principal.LOCAL.access()).isEqualTo(io.caravan.core.Access.UNRESTRICTED);
    assertThat(reader.access().checkAcl()).isTrue();
    assertStatus(() -> open.authenticate(headers(Map.of("X-API-Key", "wrong")), Scope.QUERY), 401, "unauthorized");
    assertThat(open.authenticate(headers(Map.of("X-API-Key", key)), Scope.QUERY)).isEqualTo(reader);
    assertStatus(() -> open.authenticate(headers(Map.of()), Scope.ADMIN), 403, "admin_disabled");
  }

  private static Authenticator.Credentials headers(Map<String, String> h) {
    return name -> h.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private static void assertStatus(Runnable call, int status, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(status);
          assertThat(e.code()).isEqualTo(code);
        });
  }
}
