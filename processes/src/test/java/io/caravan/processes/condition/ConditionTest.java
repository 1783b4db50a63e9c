package io.caravan.processes.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionTest {

  /** A run with fixed facts; records which accessors were read so tests can see short-circuiting. */
  private static final class Facts implements RunFacts {
    int candidates = 3;
    int k = 5;
    boolean answer;
    final Map<String, String> choices = new HashMap<>();
    final Map<String, Integer> visits = new HashMap<>();
    final Map<String, Object> attributes = new HashMap<>();
    int reads;

    @Override
    public int candidateCount() {
      reads++;
      return candidates;
    }

    @Override
    public int k() {
      reads++;
      return k;
    }

    @Override
    public boolean hasAnswer() {
      reads++;
      return answer;
    }

    @Override
    public String choice(String policy) {
      reads++;
      String c = choices.get(policy);
      if (c == null) {
        throw new IllegalStateException("no step named '" + policy + "' has run");
      }
      return c;
    }

    @Override
    public boolean hasDecision(String policy) {
      reads++;
      return choices.containsKey(policy);
    }

    @Override
    public int visits(String taskId) {
      reads++;
      return visits.getOrDefault(taskId, 0);
    }

    @Override
    public Object attribute(String key) {
      reads++;
      return attributes.get(key);
    }
  }

  private static boolean eval(String condition, Facts facts) {
    return Condition.parse(condition).test(facts);
  }

  static Stream<Arguments> vocabulary() {
    return Stream.of(
        Arguments.of("${run.candidateCount() < run.k()}", true),
        Arguments.of("${run.candidateCount() == 3}", true),
        Arguments.of("${run.candidateCount() == 3.0}", true),
        Arguments.of("${run.candidateCount() eq 4}", false),
        Arguments.of("${run.candidateCount() != 0}", true),
        Arguments.of("${run.candidateCount() ne 3}", false),
        Arguments.of("${run.k() >= 5 && run.k() <= 5}", true),
        Arguments.of("${run.k() gt 4 and run.k() lt 6}", true),
        Arguments.of("${run.k() ge 6 or run.k() le 4}", false),
        Arguments.of("${run.k() > -1}", true),
        Arguments.of("${run.hasAnswer()}", false),
        Arguments.of("${!run.hasAnswer()}", true),
        Arguments.of("${not run.hasAnswer()}", true),
        Arguments.of("${!!run.hasAnswer()}", false),
        Arguments.of("${run.choice('depth') == 'DEEP'}", true),
        Arguments.of("${run.choice(\"depth\") == \"SHALLOW\"}", false),
        Arguments.of("${run.choice('depth') > 'CAT'}", true),
        Arguments.of("${run.hasDecision('depth')}", true),
        Arguments.of("${run.hasDecision('other')}", false),
        Arguments.of("${run.visits('retrieve') >= 2}", true),
        Arguments.of("${run.visits('never') == 0}", true),
        Arguments.of("${run.attribute('rewrite') == 'it was rewritten'}", true),
        Arguments.of("${run.attribute('missing') == null}", true),
        Arguments.of("${run.attribute('rewrite') != null}", true),
        Arguments.of("${run.attribute('score') > 0.5}", true),
        Arguments.of("${run.attribute('score') == 0.75}", true),
        Arguments.of("${run.attribute('rounds') == 2}", true),
        Arguments.of("${run.attribute('flag')}", true),
        Arguments.of("${run.attribute('flag') == true}", true),
        Arguments.of("${run.attribute('score') == '0.75'}", false),
        Arguments.of("${(run.k() == 5 || run.hasAnswer()) && !(run.candidateCount() == 0)}", true),
        Arguments.of("${true}", true),
        Arguments.of("${false || null == null}", true),
        Arguments.of("${'it''s' == 'it''s'}".replace("''", "\\'"), true),
        Arguments.of("  ${ run.hasAnswer( ) == false }  ", true));
  }

  @ParameterizedTest
  @MethodSource("vocabulary")
  void theVocabularyEvaluatesAsDocumented(String condition, boolean expected) {
    Facts facts = new Facts();
    facts.choices.put("depth", "DEEP");
    facts.visits.put("retrieve", 2);
    facts.attributes.put("rewrite", "it was rewritten");
    facts.attributes.put("score", 0.75);
    facts.attributes.put("rounds", 2);
    facts.attributes.put("flag", Boolean.TRUE);
    assertThat(eval(condition, facts)).as(condition).isEqualTo(expected);
  }

  @Test
  void andAndOrStopAtTheFirstDecidingSide() {
    Facts facts = new Facts();
    // the right side would fail: no decision 'nobody' was made
    assertThat(eval("${run.hasAnswer() && run.choice('nobody') == 'X'}", facts)).isFalse();
    assertThat(eval("${!run.hasAnswer() || run.choice('nobody') == 'X'}", facts)).isTrue();
    assertThat(facts.reads).isEqualTo(2);
  }

  @Test
  void aMissingDecisionFailsTheConditionWithTheAccessorsMessage() {
    assertThatThrownBy(() -> eval("${run.choice('depth') == 'DEEP'}", new Facts()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no step named 'depth'");
  }

  @Test
  void orderingAMissingAttributeFailsClearlyInsteadOfGuessing() {
    assertThatThrownBy(() -> eval("${run.attribute('score') > 0.5}", new Facts()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot order null and the number 0.5");
  }

  @Test
  void anAttributeThatIsNotAPlainValueCannotBeRead() {
    Facts facts = new Facts();
    facts.attributes.put("list", List.of("a"));
    assertThatThrownBy(() -> eval("${run.attribute('list') == null}", facts))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("attribute 'list' holds a value that is not text, a finite number or true/false");
    facts.attributes.put("nan", Double.NaN);
    assertThatThrownBy(() -> eval("${run.attribute('nan') == 1}", facts)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anAttributeUsedAsTrueOrFalseMustBeOne() {
    Facts facts = new Facts();
    facts.attributes.put("text", "yes");
    assertThatThrownBy(() -> eval("${run.attribute('text')}", facts))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expects true or false");
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("${''.getClass().forName('java.lang.Runtime') != null}", "'.' cannot follow"),
        Arguments.of("${run.getClass() != null}", "run has no accessor 'getClass'"),
        Arguments.of("${run.state().query().k() > 1}", "run has no accessor 'state'"),
        Arguments.of("${run.choice('p').length() > 0}", "nothing may follow run.choice('policy')"),
        Arguments.of("${run.k}", "'(' after run.k"),
        Arguments.of("${run}", "'run' alone is not a value"),
        Arguments.of("${caravanStep != null}", "unknown name 'caravanStep'"),
        Arguments.of("${execution.getId() != null}", "unknown name 'execution'"),
        Arguments.of("${T(java.lang.Runtime).getRuntime() != null}", "unknown name 'T'"),
        Arguments.of("${'a'.concat('b') == 'ab'}", "'.' cannot follow"),
        Arguments.of("${run.visits(run.choice('p')) > 1}", "takes one quoted text"),
        Arguments.of("${run.visits(3) > 1}", "takes one quoted text"),
        Arguments.of("${run.k('x') > 1}", "takes no arguments"),
        Arguments.of("${run.choice('a', 'b') == 'x'}", "takes one quoted text"),
        Arguments.of("${run.choice(${x}) == 'a'}", "nested or deferred expressions are not allowed"),
        Arguments.of("#{run.hasAnswer()}", "deferred expressions"),
        Arguments.of("${run.hasAnswer()} ${true}", "braces are not part"),
        Arguments.of("a ${true}", "exactly one ${...}"),
        Arguments.of("${run.k() > 1 ? true : false}", "no choice operator"),
        Arguments.of("${fn:contains('a', 'b')}", "namespaced functions"),
        Arguments.of("${run.k() + 1 > 2}", "arithmetic is not allowed"),
        Arguments.of("${-run.k() < 0}", "'-' may only start a number"),
        Arguments.of("${run['k'] == 1}", "indexing"),
        Arguments.of("${run.k() = 1}", "'=' alone"),
        Arguments.of("${run.hasAnswer() & true}", "write && or ||"),
        Arguments.of("${(run.hasAnswer()}", "expected ')'"),
        Arguments.of("${run.hasAnswer())}", "')' closes nothing"),
        Arguments.of("${run.hasAnswer() &&}", "ends where a value should follow"),
        Arguments.of("${'open}", "no closing '"),
        Arguments.of("${'a\\n' == 'a'}", "a backslash may only escape"),
        Arguments.of("${3abc == 3}", "nothing attached"),
        Arguments.of("${}", "empty"),
        Arguments.of("", "empty"),
        Arguments.of("${run.k()}", "must be true or false, this one is a number"),
        Arguments.of("${'yes'}", "must be true or false, this one is text"),
        Arguments.of("${null}", "must be true or false, this one is null"),
        Arguments.of("${run.k() == 'five'}", "compares a number with text"),
        Arguments.of("${run.hasAnswer() < true}", "orders two numbers or two texts"),
        Arguments.of("${run.k() < 'five'}", "orders two numbers or two texts"),
        Arguments.of("${run.k() && true}", "needs true or false on both sides, not a number"),
        Arguments.of("${!run.k()}", "needs true or false, not a number"),
        Arguments.of("${" + "(".repeat(33) + "true" + ")".repeat(33) + "}", "nests more than 32 levels"),
        Arguments.of("${" + "!".repeat(33) + "true}", "nests more than 32 levels"),
        Arguments.of("${" + "true || ".repeat(200) + "true}", "at most 1000 are allowed"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void anythingOutsideTheVocabularyIsRefusedWithTheReason(String condition, String reason) {
    assertThatThrownBy(() -> Condition.parse(condition))
        .as(condition)
        .isInstanceOf(InvalidConditionException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void theRefusalSaysWhere() {
    assertThatThrownBy(() -> Condition.parse("${run.k() > 1 && run.getClass() != null}"))
        .isInstanceOfSatisfying(InvalidConditionException.class, e -> {
          assertThat(e.column()).isEqualTo(22);
          assertThat(e.reason()).contains("getClass");
        });
  }

  @Test
  void theLongestAllowedConditionParses() {
    String body = "true || ".repeat(124) + "true";
    String condition = "${" + body + "}";
    assertThat(condition.length()).isLessThanOrEqualTo(Condition.MAX_LENGTH);
    assertThat(Condition.parse(condition).test(new Facts())).isTrue();
    assertThat(Condition.parse("${" + "(".repeat(32) + "true" + ")".repeat(32) + "}").test(new Facts())).isTrue();
  }

  @Test
  void numbersCompareByValue() {
    Facts facts = new Facts();
    facts.attributes.put("big", new BigDecimal("10.000"));
    assertThat(eval("${run.attribute('big') == 10}", facts)).isTrue();
    assertThat(eval("${run.attribute('big') > 9.99}", facts)).isTrue();
  }
}
