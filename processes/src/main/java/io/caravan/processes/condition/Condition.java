package io.caravan.processes.condition;

import java.util.Objects;

/**
 * A gateway condition in Caravan's own small language, parsed once and evaluated against a {@link
 * RunFacts} with no access to anything else: no JUEL, no reflection, no beans, no method calls on
 * results. The language, exactly:
 *
 * <ul>
 *   <li>the whole text is one {@code ${...}} (surrounding white space aside);
 *   <li>values: {@code run.candidateCount()}, {@code run.k()}, {@code run.hasAnswer()}, {@code
 *       run.choice('policy')}, {@code run.hasDecision('policy')}, {@code run.visits('taskId')},
 *       {@code run.attribute('key')} (text, number, true/false or null), with quoted text as the
 *       only argument; literals: {@code 'text'} or {@code "text"} (escapes {@code \\ \' \"}),
 *       {@code 3}, {@code -1}, {@code 0.5}, {@code true}, {@code false}, {@code null};
 *   <li>comparisons {@code == != < <= > >=} (or {@code eq ne lt le gt ge}): equality between any
 *       two values of the same kind or null, ordering between two numbers or two texts;
 *   <li>{@code && || !} (or {@code and or not}) over true/false, and parentheses.
 * </ul>
 *
 * Every other name, operator or character is refused when the condition is parsed, and the whole
 * condition must be true or false. Parsing is linear in the text, bounded by {@link #MAX_LENGTH}
 * characters and {@link #MAX_NESTING} levels of parentheses and negations.
 *
 * <p>At run time numbers compare by value (3 == 3.0), values of different kinds are never equal, and
 * ordering anything but two numbers or two texts (a missing attribute, say) fails the run with a
 * clear message rather than guessing. Immutable and thread-safe.
 */
public final class Condition {

  /** Longest condition text accepted, in characters. */
  public static final int MAX_LENGTH = 1000;
  /** Deepest nesting of parentheses and negations accepted. */
  public static final int MAX_NESTING = 32;

  private final String text;
  private final Node root;

  private Condition(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /**
   * Parses a condition.
   *
   * @throws InvalidConditionException with the reason and the character where parsing stopped
   */
  public static Condition parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidConditionException("the condition is empty", 0);
    }
    String t = text.strip();
    if (t.length() > MAX_LENGTH) {
      throw new InvalidConditionException("the condition is " + t.length() + " characters long; at most " + MAX_LENGTH + " are allowed", 0);
    }
    if (t.startsWith("#{")) {
      throw new InvalidConditionException("deferred expressions #{...} are not allowed; write ${...}", 1);
    }
    if (!t.startsWith("${") || !t.endsWith("}")) {
      throw new InvalidConditionException("a condition is exactly one ${...} and nothing around it", 1);
    }
    return new Condition(t, Parser.parse(t.substring(2, t.length() - 1), 2));
  }

  /** Evaluates the condition; an accessor that fails (a decision nobody made) fails it with its own message. */
  public boolean test(RunFacts run) {
    Objects.requireNonNull(run, "run");
    return Node.truth(root.eval(run), "the condition");
  }

  /** The condition as written, stripped. */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
