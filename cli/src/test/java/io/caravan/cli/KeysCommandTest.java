package io.caravan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.server.auth.ApiKeys;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code caravan keys new}: a key printed once and the entry that accepts it, with no trace of the key in the entry. */
class KeysCommandTest {

  @Test
  void theEntryAcceptsThePrintedKeyAndHoldsOnlyItsHash() {
    CliRun run = CliRun.of("keys", "new", "--principal", "alice", "--tenant", "acme", "--scopes", "query,ingest", "--groups", "hr,finance");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String key = run.out().lines().filter(l -> l.startsWith("key:")).findFirst().orElseThrow().substring(4).strip();
    String entry = run.out().lines().filter(l -> l.startsWith("entry:")).findFirst().orElseThrow().substring(6).strip();
    assertThat(key).startsWith(ApiKeys.PREFIX);
    assertThat(entry).doesNotContain(key).startsWith("sha256:").contains(" alice acme query,ingest finance,hr");
    assertThat(ApiKeys.parse(entry, "test").authenticate(key))
        .contains(new Principal("alice", "acme", Set.of(Scope.QUERY, Scope.INGEST), Set.of("hr", "finance")));
  }

  @Test
  void anUnknownScopeIsOneLineInWords() {
    CliRun run = CliRun.of("keys", "new", "--principal", "bob", "--scopes", "root");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("unknown scope 'root'").doesNotContain("Exception");
  }
}
