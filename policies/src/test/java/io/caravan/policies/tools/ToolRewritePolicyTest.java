package io.caravan.policies.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolRewritePolicyTest {

  static final List<String> DESCRIPTIONS =
      List.of(
          "weather forecast: temperature, precipitation and wind for a city",
          "currency exchange rate conversion between two currencies",
          "flight search: fares between two airports",
          "hotel booking in a city");

  static final ToolVocabulary VOCABULARY = ToolVocabulary.of(DESCRIPTIONS);

  static RagState firstPass(String query, int... order) {
    List<Candidate> cs = new ArrayList<>();
    for (int i = 0; i < order.length; i++) {
      String text = DESCRIPTIONS.get(order[i]);
      cs.add(Candidate.of(new Passage("t" + order[i], "t" + order[i], "", text, 0, text.length(), Map.of()), "rrf", 1.0 / (i + 1)));
    }
    return RagState.start(Query.of(query)).withCandidates(cs);
  }

  @Test
  void vocabularyCountsToolDescriptionsOnly() {
    assertThat(VOCABULARY.toolCount()).isEqualTo(4);
    assertThat(VOCABULARY.documentFrequency("city")).isEqualTo(2);
    assertThat(VOCABULARY.idf("precipitation")).isGreaterThan(VOCABULARY.idf("city"));
    assertThat(ToolVocabulary.terms("Will it RAIN in Oslo, 2 days?")).containsExactly("rain", "oslo", "days");
    assertThat(VOCABULARY.unknownShare("will it rain in Oslo")).isEqualTo(1.0);
    assertThat(VOCABULARY.unknownShare("weather forecast for a city")).isEqualTo(0.0);
  }

  @Test
  void expansionBorrowsTheTopToolsRareTermsInOrder() {
    ToolQueryExpansion.Expansion e = new ToolQueryExpansion(1, 3).expand("will it rain in Oslo", firstPass("x", 0, 1).candidates(), VOCABULARY);
    assertThat(e.added()).hasSize(3).doesNotContain("city").allMatch(t -> ToolVocabulary.terms(DESCRIPTIONS.get(0)).contains(t));
    assertThat(e.text()).startsWith("will it rain in Oslo ").endsWith(String.join(" ", e.added()));
    // same input, same rewrite
    assertThat(new ToolQueryExpansion(1, 3).expand("will it rain in Oslo", firstPass("x", 0, 1).candidates(), VOCABULARY)).isEqualTo(e);
  }

  @Test
  void autoRewritesOnlyQueriesInAnotherLanguageThanTheTools() {
    ToolRewritePolicy auto = new ToolRewritePolicy(ToolRewritePolicy.Mode.AUTO, 0.5, ToolQueryExpansion.DEFAULT, () -> VOCABULARY);
    Decision<ToolQueryExpansion.Expansion> user = auto.decide(firstPass("will it rain in Oslo", 0, 3));
    assertThat(user.choice()).isEqualTo(ToolRewritePolicy.REWRITE);
    assertThat((String) user.signals().get("rewritten")).startsWith("will it rain in Oslo ").contains("weather");
    assertThat(user.payload().text()).isEqualTo(user.signals().get("rewritten"));
    assertThat(user.payload().added()).isEqualTo(user.signals().get("added"));
    assertThat(user.signals()).containsEntry("unknownShare", 1.0);

    Decision<ToolQueryExpansion.Expansion> tooly = auto.decide(firstPass("weather forecast city", 0, 3));
    assertThat(tooly.choice()).isEqualTo(ToolRewritePolicy.KEEP);
    assertThat(tooly.payload()).isEqualTo(new ToolQueryExpansion.Expansion("weather forecast city", List.of()));
    assertThat(tooly.reason()).contains("tool words already");
  }

  @Test
  void alwaysAndNeverAndEmptyFirstPass() {
    ToolRewritePolicy always = new ToolRewritePolicy(ToolRewritePolicy.Mode.ALWAYS, 0.5, ToolQueryExpansion.DEFAULT, () -> VOCABULARY);
    assertThat(always.decide(firstPass("weather forecast city", 0)).choice()).isEqualTo(ToolRewritePolicy.REWRITE);
    assertThat(always.decide(firstPass("anything")).choice()).isEqualTo(ToolRewritePolicy.KEEP);
    ToolRewritePolicy never = new ToolRewritePolicy(ToolRewritePolicy.Mode.NEVER, 0.5, ToolQueryExpansion.DEFAULT, () -> VOCABULARY);
    assertThat(never.decide(firstPass("will it rain", 0)).choice()).isEqualTo(ToolRewritePolicy.KEEP);
    assertThat(ToolRewritePolicy.Mode.parse(" Auto ")).isEqualTo(ToolRewritePolicy.Mode.AUTO);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ToolRewritePolicy.Mode.parse("sometimes")).hasMessageContaining("always, never or auto");
  }
}
