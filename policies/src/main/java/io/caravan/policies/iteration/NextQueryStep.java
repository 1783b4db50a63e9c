package io.caravan.policies.iteration;

import io.caravan.core.Answer;
import io.caravan.core.Citation;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.QueryTransformer;
import io.caravan.core.spi.Step;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step {@value #NAME}: Iter-RetGen's generation-augmented retrieval. The next round's query is the
 * original question followed by what the last generation produced: the quoted sentences of its
 * citations (for the extractive answerer, the selected sentences, which carry the bridge entity a
 * multi-hop question needs for its second paragraph), or the answer text of a generator that cites
 * nothing ({@link Expansion#SENTENCES}; {@link Expansion#ENTITIES} keeps only the new names in them;
 * {@link Expansion#ANSWER} adds the answer text whatever it cites). A round without an answer leaves
 * the question as it was. At most {@code maxChars}
 * characters, question first, so a long answer cannot crowd the question out.
 *
 * <p>The transformation itself is a {@link QueryTransformer} (the loop's notes and the last answer
 * are its context in the state); as a step it replaces the query with it and records the change.
 */
public final class NextQueryStep implements Step, QueryTransformer {

  public static final String NAME = "next-query";

  /** What of the last generation the next query adds. */
  public enum Expansion {
    /** The quoted sentences (Iter-RetGen: the whole generation). */
    SENTENCES,
    /** Only the capitalised names in the quotes that the question does not already contain (the bridge entities). */
    ENTITIES,
    /**
     * The generated answer text itself, citation markers removed (Iter-RetGen's actual form: the
     * question plus the last generation), whatever the answer cites. Suits a generator that writes
     * its own answer (the LLM) rather than quoting the passages.
     */
    ANSWER
  }

  private static final java.util.regex.Pattern CITATION_MARKER = java.util.regex.Pattern.compile("\\s*\\[\\d+(?:\\s*,\\s*\\d+)*\\]");

  private static final java.util.regex.Pattern CAPITALISED_NAME =
      java.util.regex.Pattern.compile("\\p{Lu}[\\p{L}\\p{N}'’.-]*(?:\\s+(?:of|the|de|von|van|and|&)?\\s*\\p{Lu}[\\p{L}\\p{N}'’.-]*)*");

  private final int maxChars;
  private final Expansion mode;

  public NextQueryStep(int maxChars) {
    this(maxChars, Expansion.SENTENCES);
  }

  public NextQueryStep(int maxChars, Expansion mode) {
    if (maxChars < 10) {
      throw new IllegalArgumentException("maxChars must be at least 10, was " + maxChars);
    }
    this.maxChars = maxChars;
    this.mode = java.util.Objects.requireNonNull(mode, "mode");
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The next round's query: the loop's original question plus what the last answer adds. */
  @Override
  public List<Query> transform(Query query, RagState state) {
    IterationNotes notes = IterationNotes.of(state, NAME);
    String expansion = mode == Expansion.ANSWER ? answerText(state.answer()) : expansion(state.answer());
    if (mode == Expansion.ENTITIES) {
      expansion = newNames(expansion, notes.question());
    }
    String text = expansion.isEmpty() ? notes.question() : notes.question() + " " + expansion;
    if (text.length() > maxChars) {
      text = text.substring(0, maxChars);
    }
    return List.of(query.withText(text));
  }

  @Override
  public Result run(RagState state) {
    IterationNotes notes = IterationNotes.of(state, NAME);
    String text = transform(state.query(), state).get(0).text();
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("added_chars", Math.max(0, text.length() - notes.question().length()));
    in.put("query", text.length() > 120 ? text.substring(0, 117) + "..." : text);
    return Result.of(state.withQuery(state.query().withText(text)), in);
  }

  /** Capitalised names in {@code text} that {@code question} does not contain, in order, each once. */
  static String newNames(String text, String question) {
    String q = question.toLowerCase(java.util.Locale.ROOT);
    Set<String> names = new LinkedHashSet<>();
    java.util.regex.Matcher m = CAPITALISED_NAME.matcher(text);
    while (m.find()) {
      String n = m.group().strip().replaceAll("[.’'-]+$", "");
      if (n.length() > 1 && !q.contains(n.toLowerCase(java.util.Locale.ROOT))) {
        names.add(n);
      }
    }
    return String.join(" ", names);
  }

  /** The answer's own words without its [n] markers; nothing for a "no answer", which explains itself in prose. */
  static String answerText(Answer a) {
    if (a == null || !(a.confidence() > 0 || Double.isNaN(a.confidence()))) {
      return "";
    }
    return CITATION_MARKER.matcher(a.text()).replaceAll("").strip();
  }

  static String expansion(Answer a) {
    if (a == null) {
      return "";
    }
    if (!a.citations().isEmpty()) {
      Set<String> quotes = new LinkedHashSet<>();
      for (Citation c : a.citations()) {
        if (!c.quote().isBlank()) {
          quotes.add(c.quote().strip());
        }
      }
      return String.join(" ", quotes);
    }
    // a generator's "no answer" explains why in prose; that must not steer the next retrieval
    return a.confidence() > 0 || Double.isNaN(a.confidence()) ? a.text().strip() : "";
  }
}
