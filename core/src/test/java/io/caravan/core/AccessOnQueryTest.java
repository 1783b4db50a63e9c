package io.caravan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.document.Document;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A query keeps the access it was asked with through every rewrite, and names are checked. */
class AccessOnQueryTest {

  private static final Access ACME = Access.tenant("acme", Set.of("hr"));

  @Test
  void rewritesKeepTheAccessAndAStateKeepsTheRunsAccess() {
    Query q = Query.of("camels", 5).withAccess(ACME);
    assertThat(q.withText("dromedaries").access()).isEqualTo(ACME);
    assertThat(q.withK(9).access()).isEqualTo(ACME);
    assertThat(Query.of("x").access()).isEqualTo(Access.UNRESTRICTED);
    RagState s = RagState.start(q);
    // a step that builds a fresh query cannot move the run into another tenant
    assertThat(s.withQuery(Query.of("a new question")).query().access()).isEqualTo(ACME);
    assertThat(s.withQuery(Query.of("again").withAccess(Access.tenant("globex", Set.of()))).query().access()).isEqualTo(ACME);
    assertThat(s.withQuery(Query.of("again")).query().text()).isEqualTo("again");
  }

  @Test
  void tenantAndGroupNamesAreShortPrintableAndWithoutSeparators() {
    for (String bad : List.of("", "a/b", "a b", "-lead", "x".repeat(129), "a\u001fb", "*")) {
      assertThatThrownBy(() -> Access.tenant(bad, Set.of())).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant");
      assertThatThrownBy(() -> Access.tenant("t", Set.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group");
    }
    assertThat(Access.tenant("acme.eu-1:prod@x", Set.of("hr_2")).tenant()).isEqualTo("acme.eu-1:prod@x");
    assertThatThrownBy(() -> new Document("d", "", "t", Map.of(), "", Set.of("no good"))).hasMessageContaining("group");
  }

  @Test
  void anAccessListChangesTheContentHashAndNoListKeepsTheOldOne() {
    Document plain = new Document("d", "T", "text", Map.of("k", "v"), "src");
    assertThat(plain.withAcl(Set.of()).contentHash()).isEqualTo(plain.contentHash());
    assertThat(plain.withAcl(Set.of("hr")).contentHash()).isNotEqualTo(plain.contentHash())
        .isNotEqualTo(plain.withAcl(Set.of("finance")).contentHash());
    assertThat(plain.withAcl(Set.of("hr", "finance")).contentHash()).isEqualTo(plain.withAcl(Set.of("finance", "hr")).contentHash());
  }
}
