package io.caravan.policies.rewrite;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TermSpecificities;
import io.caravan.core.Turn;
import io.caravan.core.spi.QueryTransformer;
import io.caravan.core.spi.TermSpecificity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The embedded conversational rewriter (no LLM), after AdaQR's observation that most follow-ups
 * need only their referent put back: it finds the conversation's most salient entity and either
 * puts it in place of the first anaphoric pronoun ("when did <b>they</b> disband?" becomes "when
 * did <b>Frank Zappa</b> disband?"; a possessive becomes "Frank Zappa's") or, for a short question
 * that names no entity of the conversation (ellipsis: "any other awards?"), appends it when it is
 * a topic given by a context turn.
 *
 * <p>Salience of a candidate entity: context turns (role {@code context}: an article or section
 * title, a topic the client set) weigh 1 for the first and 0.5 for the others; each mention in a
 * user or assistant turn adds {@code 0.5 * decay^distance} ({@code distance} 1 for the latest turn),
 * and a mention that is part of a longer candidate ("Zappa" of "Frank Zappa") credits that one.
 * The sum is scaled by {@code 0.5 + 0.5 * mean specificity} of the entity's words, so entities that
 * retrieve well (rare in the index) win ties. Only the latest {@code window} user/assistant turns
 * are read: a very long history costs no more than a short one.
 *
 * <p>Specificity comes from the index, so it is looked up by a step ({@code term-specificity}, for
 * the words {@link #wordsToWeigh} names) and read here from the state: the rewriter and the
 * {@code needs-rewrite} policy built on it do no I/O.
 *
 * <p>With no capitalised entity in the conversation (lower-case chat), the entity is the two most
 * salient content words of the recent turns, in the order they were said.
 *
 * <p>Pronoun lists are English; a question in another language has none, so it is only ever
 * completed by appending. Cost: linear in the window's text, microseconds.
 */
public final class ConversationalRewriter implements QueryTransformer {

  public static final String NAME = "embedded";
  public static final String CONTEXT_ROLE = Turn.CONTEXT;

  private static final Set<String> SUBJECT_OBJECT = Set.of("he", "she", "they", "it", "him", "them");
  private static final Set<String> POSSESSIVE = Set.of("his", "their", "its", "hers", "theirs");
  private static final Set<String> FOLLOWS_OBJECT_HER = Set.of("to", "in", "on", "at", "for", "with", "from", "by", "about", "and", "or", "as");

  private final int window;
  private final double decay;
  private final int shortQuestionWords;

  /**
   * @param window how many recent user/assistant turns are read (at least 1)
   * @param decay weight kept per turn further back, in (0, 1]
   * @param shortQuestionWords a question of at most this many words that names no conversation
   *     entity is taken as elliptical; 0 turns appending off
   */
  public ConversationalRewriter(int window, double decay, int shortQuestionWords) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1 turn, was " + window);
    }
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("decay must be in (0, 1], was " + decay);
    }
    if (shortQuestionWords < 0) {
      throw new IllegalArgumentException("shortQuestionWords must not be negative, was " + shortQuestionWords);
    }
    this.window = window;
    this.decay = decay;
    this.shortQuestionWords = shortQuestionWords;
  }

  /** Window 8 turns, decay 0.5, questions of up to 10 words completed (tuned on CANARD dev_a). */
  public static ConversationalRewriter withDefaults() {
    return new ConversationalRewriter(8, 0.5, 10);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The question made self-contained, weighing words by the specificities the {@code term-specificity} step left in the state. */
  @Override
  public List<Query> transform(Query query, RagState state) {
    return List.of(query.withText(analyse(query, specificities(state, NAME)).rewrite()));
  }

  /**
   * The {@link TermSpecificities} a reader named {@code reader} needs from the state.
   *
   * @throws IllegalStateException naming the missing step when they are not there
   */
  static TermSpecificities specificities(RagState state, String reader) {
    return state.get(TermSpecificities.KEY)
        .orElseThrow(() -> new IllegalStateException(
            reader + " needs the conversation's term specificities: run the term-specificity step before it"));
  }

  /**
   * The words (lower case) whose specificity {@link #analyse} reads for {@code query}: the content
   * words of the context turns and of the turns in the window. Found by running the analysis once
   * with every word equally specific, since which words it weighs never depends on their weights.
   */
  public Set<String> wordsToWeigh(Query query) {
    Set<String> words = new TreeSet<>();
    analyse(query, w -> {
      words.add(w);
      return 1.0;
    });
    return words;
  }

  /** What the rewriter sees in a question and its conversation, and what it would write. */
  public record Analysis(
      String original, int historyTurns, List<String> anaphora, Optional<String> entity, boolean mentionsEntity, int words, String rewrite) {

    /** Whether the question depends on its conversation and the rewriter can resolve it. */
    public boolean needsRewrite() {
      return !rewrite.equals(original);
    }

    public Map<String, Object> signals() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("historyTurns", historyTurns);
      m.put("anaphora", anaphora);
      m.put("entity", entity.orElse(""));
      m.put("mentionsEntity", mentionsEntity);
      m.put("words", words);
      return m;
    }
  }

  /** What the rewriter sees in {@code query}, words weighed by {@code specificity} (which must do no I/O: pass precomputed values). */
  public Analysis analyse(Query query, TermSpecificity specificity) {
    String q = query.text();
    List<String> tokens = Words.tokens(q);
    List<String> anaphora = new ArrayList<>();
    for (String t : tokens) {
      String w = Words.lower(t);
      if (SUBJECT_OBJECT.contains(w) || POSSESSIVE.contains(w) || w.equals("her")) {
        anaphora.add(w);
      }
    }
    Set<String> topics = new java.util.HashSet<>();
    Optional<String> entity = salientEntity(query.history(), topics, specificity);
    boolean mentions = entity.isPresent() && mentions(q, entity.get());
    String rewrite = q;
    if (entity.isPresent() && !mentions) {
      if (!anaphora.isEmpty()) {
        rewrite = replaceFirstPronoun(q, entity.get());
      } else if (tokens.size() <= shortQuestionWords && topics.contains(entity.get())) {
        // ellipsis is completed only with a topic the conversation was given (a context turn):
        // guessed from chat alone it is wrong more often than right (TREC CAsT)
        rewrite = append(q, entity.get());
      }
    }
    return new Analysis(q, query.history().size(), List.copyOf(anaphora), entity, mentions, tokens.size(), rewrite);
  }

  /** The most salient entity of the conversation, or empty when the history names nothing. */
  Optional<String> salientEntity(List<Turn> history, Set<String> topics, TermSpecificity specificity) {
    Map<String, Double> weight = new LinkedHashMap<>();
    int contextSeen = 0;
    for (Turn t : history) {
      if (isContext(t) && !t.text().isBlank()) {
        String topic = Words.withoutParentheses(t.text());
        if (!topic.isEmpty() && Words.tokens(topic).size() <= 8) {
          weight.merge(topic, contextSeen == 0 ? 1.0 : 0.5, Double::sum);
          topics.add(topic);
          contextSeen++;
        }
      }
    }
    List<Turn> recent = recentDialogTurns(history);
    Map<String, Double> initial = new LinkedHashMap<>();
    for (int i = 0; i < recent.size(); i++) {
      double w = 0.5 * Math.pow(decay, recent.size() - i);
      List<String> singles = new ArrayList<>();
      for (String span : Words.capitalisedSpans(recent.get(i).text(), singles)) {
        weight.merge(creditedCandidate(span, weight.keySet()), w, Double::sum);
      }
      singles.forEach(s -> initial.merge(s, w, Double::sum));
    }
    // a capitalised word that opens a sentence ("Flowable runs ...") counts only for a name seen elsewhere
    initial.forEach((word, w) -> {
      String known = creditedCandidate(word, weight.keySet());
      if (weight.containsKey(known)) {
        weight.merge(known, w, Double::sum);
      }
    });
    if (weight.isEmpty()) {
      return salientTerms(recent, specificity);
    }
    String best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, Double> e : weight.entrySet()) {
      double s = e.getValue() * (0.5 + 0.5 * meanSpecificity(e.getKey(), specificity));
      if (s > bestScore) {
        best = e.getKey();
        bestScore = s;
      }
    }
    return Optional.of(best);
  }

  private List<Turn> recentDialogTurns(List<Turn> history) {
    List<Turn> dialog = new ArrayList<>();
    for (int i = history.size() - 1; i >= 0 && dialog.size() < window; i--) {
      if (!isContext(history.get(i))) {
        dialog.add(0, history.get(i));
      }
    }
    return dialog;
  }

  private static boolean isContext(Turn t) {
    return t.role().strip().toLowerCase(Locale.ROOT).equals(CONTEXT_ROLE);
  }

  /** A span that is a word-level part of a known candidate counts for that candidate. */
  private static String creditedCandidate(String span, Set<String> known) {
    List<String> spanWords = Words.tokens(Words.lower(span));
    for (String k : known) {
      List<String> kw = Words.tokens(Words.lower(k));
      if (kw.size() >= spanWords.size() && java.util.Collections.indexOfSubList(kw, spanWords) >= 0) {
        return k;
      }
    }
    return span;
  }

  private static double meanSpecificity(String phrase, TermSpecificity specificity) {
    double sum = 0;
    int n = 0;
    for (String w : Words.tokens(phrase)) {
      if (Words.isContent(w)) {
        sum += clamp(specificity.of(Words.lower(w)));
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }

  /** Lower-case chat names no entity: carry its two most salient content words instead. */
  private Optional<String> salientTerms(List<Turn> recent, TermSpecificity specificity) {
    Map<String, Double> score = new LinkedHashMap<>();
    Map<String, String> surface = new LinkedHashMap<>();
    for (int i = 0; i < recent.size(); i++) {
      double w = Math.pow(decay, recent.size() - 1 - i);
      for (String t : Words.tokens(recent.get(i).text())) {
        if (Words.isContent(t) && t.length() > 2) {
          String key = Words.lower(t);
          score.merge(key, w * (0.5 + 0.5 * clamp(specificity.of(key))), Double::sum);
          surface.putIfAbsent(key, t);
        }
      }
    }
    if (score.isEmpty()) {
      return Optional.empty();
    }
    List<String> top = score.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(2)
        .map(Map.Entry::getKey)
        .toList();
    List<String> ordered = new ArrayList<>();
    for (String key : surface.keySet()) {
      if (top.contains(key)) {
        ordered.add(surface.get(key));
      }
    }
    return Optional.of(String.join(" ", ordered));
  }

  private static boolean mentions(String question, String entity) {
    Set<String> q = new java.util.HashSet<>();
    Words.tokens(question).forEach(t -> q.add(withoutPossessive(Words.lower(t))));
    for (String w : Words.tokens(entity)) {
      if (Words.isContent(w) && q.contains(withoutPossessive(Words.lower(w)))) {
        return true;
      }
    }
    return false;
  }

  private static String withoutPossessive(String w) {
    return w.endsWith("'s") || w.endsWith("’s") ? w.substring(0, w.length() - 2) : w;
  }

  private static String replaceFirstPronoun(String q, String entity) {
    java.util.regex.Matcher m = Words.matcher(q);
    while (m.find()) {
      String w = Words.lower(m.group());
      boolean possessive = POSSESSIVE.contains(w) || (w.equals("her") && followedByNoun(q, m.end()));
      if (possessive || SUBJECT_OBJECT.contains(w) || w.equals("her")) {
        String with = possessive ? entity + "'s" : entity;
        return q.substring(0, m.start()) + with + q.substring(m.end());
      }
    }
    return q;
  }

  /** "her" is possessive before a word ("her husband"), an object before punctuation or a preposition. */
  private static boolean followedByNoun(String q, int end) {
    List<String> rest = Words.tokens(q.substring(end));
    String between = q.substring(end).stripLeading();
    return !rest.isEmpty() && between.startsWith(rest.get(0)) && !FOLLOWS_OBJECT_HER.contains(Words.lower(rest.get(0)));
  }

  private static String append(String q, String entity) {
    String s = q.stripTrailing();
    int end = s.length();
    while (end > 0 && "?!.？！。".indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(0, end).stripTrailing() + " " + entity + s.substring(end);
  }
}
