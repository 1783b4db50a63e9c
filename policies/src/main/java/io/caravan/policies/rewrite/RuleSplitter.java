package io.caravan.policies.rewrite;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.QueryTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded splitter (ACQO's "decompose only what has parts"), by surface patterns of English
 * questions; the first that matches wins:
 *
 * <ol>
 *   <li>{@code comparison}: a choice between two named things at the end, "Which magazine was
 *       started first, Arthur's Magazine or First for Women?" (without the comma the stem must end
 *       in a comparison word: "who is younger X or Y"): one sub-query per option, each that option
 *       with the stem's content words, comparison words left out ("magazine started Arthur's
 *       Magazine").
 *   <li>{@code both}: "Were Scott Derrickson and Ed Wood of the same nationality?", "Are X and Y
 *       both ...": the two subjects, each with the rest of the question.
 *   <li>{@code conjunction}: two questions joined by "and" before a question word, "Who founded X
 *       and when did it close?": the two clauses.
 *   <li>{@code constraints}: "... both X and Y": one sub-query per constraint, each with the stem.
 * </ol>
 *
 * Anything else stays whole (a list of one). Bag-of-words retrieval does not need the sub-queries
 * to be grammatical, only to name one part each. Cost: a few regular expressions, microseconds.
 */
public final class RuleSplitter implements QueryTransformer {

  public static final String NAME = "rules";

  /** The split and the pattern that made it ({@code none} when the question stays whole). */
  public record Split(String pattern, List<String> parts) {
    public Split {
      parts = List.copyOf(parts);
    }

    /** The parts as queries with {@code query}'s k, filters and history. */
    public List<Query> queries(Query query) {
      return parts.stream().map(query::withText).toList();
    }
  }

  private static final Pattern CHOICE =
      Pattern.compile("^(?<stem>.+?),?\\s+(?:the\\s+)?(?<a>[^,]+?)\\s+or\\s+(?:the\\s+)?(?<b>[^,]+?)\\s*[?.!]*$", Pattern.CASE_INSENSITIVE);
  /** Without the comma, the stem must end in a comparison word: "who is younger X or Y". */
  private static final Pattern COMPARATIVE_CHOICE =
      Pattern.compile(
          "^(?<stem>(?:which|who|what)\\b.*?\\b(?:\\w+er|first|last|more|less|most|least|earliest|latest|oldest|youngest))\\s+(?:the\\s+)?(?<a>[^,]+?)\\s+or\\s+(?:the\\s+)?(?<b>[^,]+?)\\s*[?.!]*$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern BOTH_SUBJECTS =
      Pattern.compile(
          "^(?<aux>are|were|is|was|do|did|does|have|has|can|could)\\s+(?<a>.+?)\\s+and\\s+(?<b>.+?)\\s+(?<rest>(?:both|either|of|from|in|the same|located|american|british)\\b.*?)[?.!]*$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern CLAUSES =
      Pattern.compile("\\s*(?:,\\s*)?\\band\\s+(?=(?:what|who|when|where|which|how|why|whom|whose)\\b)", Pattern.CASE_INSENSITIVE);
  private static final Pattern BOTH_CONSTRAINTS =
      Pattern.compile("^(?<stem>.+?)\\s+both\\s+(?<a>.+?)\\s+and\\s+(?<b>.+?)\\s*[?.!]*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern CHOICE_CUE =
      Pattern.compile("\\b(which|who|what|whose|is|are|was|were|did|does|do)\\b", Pattern.CASE_INSENSITIVE);

  @Override
  public String name() {
    return NAME;
  }

  /** The parts of {@code question}; a question that needs no splitting is a list of one (itself). */
  public List<String> split(String question) {
    return analyse(question).parts();
  }

  @Override
  public List<Query> transform(Query query, RagState state) {
    return analyse(query.text()).queries(query);
  }

  public Split analyse(String question) {
    String q = question.strip();
    Matcher m = CHOICE.matcher(q);
    if (m.matches() && CHOICE_CUE.matcher(m.group("stem")).find() && q.contains(",")) {
      String stem = topicOf(m.group("stem"));
      return new Split("comparison", List.of(join(stem, m.group("a")), join(stem, m.group("b"))));
    }
    m = COMPARATIVE_CHOICE.matcher(q);
    if (m.matches()) {
      String stem = topicOf(m.group("stem"));
      return new Split("comparison", List.of(join(stem, m.group("a")), join(stem, m.group("b"))));
    }
    m = BOTH_SUBJECTS.matcher(q);
    if (m.matches()) {
      String rest = m.group("rest");
      return new Split("both", List.of(m.group("a") + " " + rest, m.group("b") + " " + rest));
    }
    String[] clauses = CLAUSES.split(q);
    if (clauses.length > 1) {
      List<String> parts = new ArrayList<>();
      for (String c : clauses) {
        if (!c.isBlank()) {
          parts.add(c.strip());
        }
      }
      if (parts.size() > 1) {
        return new Split("conjunction", parts);
      }
    }
    m = BOTH_CONSTRAINTS.matcher(q);
    if (m.matches()) {
      String stem = m.group("stem");
      return new Split("constraints", List.of(stem + " " + m.group("a"), stem + " " + m.group("b")));
    }
    return new Split("none", List.of(q));
  }

  private static final java.util.Set<String> COMPARISON_WORDS =
      java.util.Set.of("older", "younger", "first", "last", "earlier", "later", "larger", "smaller", "bigger", "taller", "longer",
          "shorter", "higher", "lower", "more", "less", "most", "least", "earliest", "latest", "oldest", "youngest", "better", "worse");

  /**
   * What a comparison's stem says about each option, without its question and comparison words:
   * "Who is older" says nothing a search can use ("older" only finds other things called old), while
   * "Which magazine was started" keeps "magazine started".
   */
  private static String topicOf(String stem) {
    List<String> kept = new ArrayList<>();
    for (String w : Words.tokens(stem)) {
      if (Words.isContent(w) && !COMPARISON_WORDS.contains(Words.lower(w))) {
        kept.add(w);
      }
    }
    return String.join(" ", kept);
  }

  private static String join(String topic, String option) {
    return topic.isEmpty() ? option : topic + " " + option;
  }
}
