package io.caravan.policies.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Query;
import io.caravan.core.Turn;
import io.caravan.core.spi.TermSpecificity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConversationalRewriterTest {

  /** The embedded rewriter with every word equally specific (no index), as {@link #rewrite} and {@link #analyse} run it. */
  private final ConversationalRewriter rewriter = ConversationalRewriter.withDefaults();

  private String rewrite(Query q) {
    return rewriter.analyse(q, TermSpecificity.UNIFORM).rewrite();
  }

  private ConversationalRewriter.Analysis analyse(Query q) {
    return rewriter.analyse(q, TermSpecificity.UNIFORM);
  }

  private static Query ask(String text, Turn... history) {
    return new Query(text, 10, Map.of(), List.of(history));
  }

  private static Turn user(String t) {
    return new Turn("user", t);
  }

  private static Turn assistant(String t) {
    return new Turn("assistant", t);
  }

  @Test
  void withNoHistoryTheQuestionIsKept() {
    ConversationalRewriter.Analysis a = analyse(ask("When did he die?"));
    assertThat(a.rewrite()).isEqualTo("When did he die?");
    assertThat(a.needsRewrite()).isFalse();
    assertThat(a.entity()).isEmpty();
    assertThat(a.anaphora()).containsExactly("he");
  }

  @Test
  void aPronounIsReplacedByTheConversationsEntity() {
    Query q = ask("When did he reach China?", user("Who was Marco Polo?"), assistant("Marco Polo was a Venetian merchant."));
    assertThat(rewrite(q)).isEqualTo("When did Marco Polo reach China?");
  }

  @Test
  void aPossessiveBecomesTheEntitysPossessive() {
    Query q = ask("What was his father's name?", new Turn("context", "Marco Polo"), new Turn("context", "Early life"));
    assertThat(rewrite(q)).isEqualTo("What was Marco Polo's father's name?");
    assertThat(rewrite(ask("Who did she marry?", new Turn("context", "Ada Lovelace (mathematician)"))))
        .as("parenthesised qualifiers of a title are left out")
        .isEqualTo("Who did Ada Lovelace marry?");
  }

  @Test
  void aShortQuestionWithNoPronounIsCompletedWithTheEntity() {
    Query q = ask("Any other awards?", new Turn("context", "Frank Zappa"), user("Did Frank Zappa win a Grammy?"), assistant("Yes, in 1988."));
    assertThat(rewrite(q)).isEqualTo("Any other awards Frank Zappa?");
  }

  @Test
  void aQuestionWithNoPronounThatNamesTheEntityIsLeftAlone() {
    Query q = ask("What did Frank Zappa's band play?", new Turn("context", "Frank Zappa"), user("When did they disband?"));
    ConversationalRewriter.Analysis a = analyse(q);
    assertThat(a.anaphora()).isEmpty();
    assertThat(a.mentionsEntity()).isTrue();
    assertThat(a.rewrite()).isEqualTo(q.text());
  }

  @Test
  void aLongSelfContainedQuestionIsLeftAloneEvenIfItNamesNothingOfTheConversation() {
    String q = "Which desert in western China did traders cross between the oasis towns of Kashgar and Dunhuang?";
    assertThat(rewrite(ask(q, user("Who was Marco Polo?")))).isEqualTo(q);
  }

  @Test
  void recentMentionsWinOverOlderOnesAndOnlyTheWindowIsRead() {
    List<Turn> history = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      history.add(user("Tell me about Samarkand."));
      history.add(assistant("Samarkand is a city on the Silk Road."));
    }
    history.add(user("And who was Ibn Battuta?"));
    history.add(assistant("Ibn Battuta was a traveller from Tangier."));
    history.add(user("Where was Ibn Battuta born?"));
    history.add(assistant("Ibn Battuta was born in Tangier."));
    long t0 = System.nanoTime();
    String r = rewrite(new Query("Where did he go next?", 10, Map.of(), history));
    assertThat(r).isEqualTo("Where did Ibn Battuta go next?");
    // 20k turns cost what the 8-turn window costs: well under a second even on a loaded machine
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
  }

  @Test
  void specificityBreaksTiesTowardsEntitiesThatRetrieveWell() {
    Query q = ask("Where did they meet?", user("Tell me about the Silk Road and Kublai Khan."));
    TermSpecificity commonRoads = w -> w.equals("silk") || w.equals("road") ? 0.1 : 0.9;
    assertThat(new ConversationalRewriter(8, 0.5, 10).analyse(q, commonRoads).rewrite()).isEqualTo("Where did Kublai Khan meet?");
    TermSpecificity commonKhans = w -> w.equals("kublai") || w.equals("khan") ? 0.1 : 0.9;
    assertThat(new ConversationalRewriter(8, 0.5, 10).analyse(q, commonKhans).rewrite()).isEqualTo("Where did Silk Road meet?");
  }

  @Test
  void nonEnglishTextHasNoEnglishPronounsAndIsOnlyCompletedWithAGivenTopic() {
    Query q = ask("¿Cuándo murió?", user("¿Quién fue Ibn Battuta?"), assistant("Ibn Battuta fue un viajero de Tánger."));
    ConversationalRewriter.Analysis a = analyse(q);
    assertThat(a.anaphora()).isEmpty();
    assertThat(a.entity()).contains("Ibn Battuta");
    assertThat(a.rewrite()).as("ellipsis guessed from chat alone is left").isEqualTo("¿Cuándo murió?");
    Query withTopic = ask("¿Cuándo murió?", new Turn("context", "Ibn Battuta"), user("¿De dónde era?"));
    assertThat(rewrite(withTopic)).isEqualTo("¿Cuándo murió Ibn Battuta?");
    Query chinese = ask("他什么时候去世的？", new Turn("context", "伊本·白图泰"));
    assertThat(rewrite(chinese)).isEqualTo("他什么时候去世的 伊本·白图泰？");
  }

  @Test
  void lowerCaseChatCarriesItsMostSalientWords() {
    Query q = ask("how much does it cost to fix?", user("how do you know when your garage door opener is going bad?"));
    String r = rewrite(q);
    assertThat(r).startsWith("how much does ").endsWith(" cost to fix?").doesNotContain(" it ");
  }

  @Test
  void badParametersAreRefusedClearly() {
    assertThatThrownBy(() -> new ConversationalRewriter(0, 0.5, 10)).hasMessageContaining("window");
    assertThatThrownBy(() -> new ConversationalRewriter(8, 0, 10)).hasMessageContaining("decay");
    assertThatThrownBy(() -> new ConversationalRewriter(8, 0.5, -1)).hasMessageContaining("shortQuestionWords");
  }
}
