package io.caravan.policies.depth;

import io.caravan.core.QueryEmbedding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the complexity classifier reads about a query: the encoder's query embedding followed by a
 * few lexical features. Computing the embedding is encoder work and happens in a step; this class
 * only combines a given vector with features read off the text, so policies stay free of I/O.
 *
 * <p>The lexical features are the cues Adaptive-RAG's and When-to-Retrieve's error analyses point
 * at: length, named entities (capitalised words after the first), wh-words, arithmetic, greetings
 * and instructions, and bridge cues ("both", "same", "also") typical of multi-hop questions. Cost:
 * one regex pass over the text.
 */
public final class QueryFeatures {

  /** Names of the lexical features, in vector order after the embedding. */
  public static final List<String> LEXICAL =
      List.of(
          "log_words",
          "entity_share",
          "log_entities",
          "has_digit",
          "arithmetic",
          "question_mark",
          "wh_start",
          "chat_or_instruction",
          "bridge_cue",
          "of_share",
          "quoted");

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
  private static final Pattern ARITHMETIC =
      Pattern.compile("\\d\\s*[-+*/x×÷^]\\s*\\d|\\b(plus|minus|times|divided by|squared|square root)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern WH =
      Pattern.compile("^(what|who|whom|whose|which|when|where|why|how|is|are|was|were|do|does|did|can|could)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern CHAT =
      Pattern.compile(
          "^(hi|hello|hey|thanks|thank you|good (morning|evening|night)|please|write|translate|tell me a|say|list|give me|spell|"
              + "convert|compute|calculate|define|rephrase|summari[sz]e|count)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern BRIDGE =
      Pattern.compile("\\b(both|same|also|either|neither|older|younger|first|earlier|later|whose|which .{1,40} (that|who))\\b", Pattern.CASE_INSENSITIVE);

  private final double[] values;
  private final int dimension;

  private QueryFeatures(double[] values, int dimension) {
    this.values = values;
    this.dimension = dimension;
  }

  /**
   * The features of {@code text} given its query embedding (any dimension, usually the encoder's
   * L2-normalised 384 values).
   */
  public static QueryFeatures of(String text, float[] embedding) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(embedding, "embedding");
    double[] lex = lexical(text);
    double[] v = new double[embedding.length + lex.length];
    for (int i = 0; i < embedding.length; i++) {
      if (!Float.isFinite(embedding[i])) {
        throw new IllegalArgumentException("query embedding has a non-finite value at " + i);
      }
      v[i] = embedding[i];
    }
    System.arraycopy(lex, 0, v, embedding.length, lex.length);
    return new QueryFeatures(v, embedding.length);
  }

  /** The features of the text the {@code query-features} step encoded, with its vector. */
  public static QueryFeatures of(QueryEmbedding embedding) {
    return of(embedding.text(), embedding.vector());
  }

  static double[] lexical(String text) {
    String t = text.strip();
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(t);
    while (m.find()) {
      words.add(m.group());
    }
    int entities = 0;
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i);
      if (Character.isUpperCase(w.charAt(0))) {
        entities++;
      }
    }
    int of = Collections.frequency(words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList(), "of");
    int n = Math.max(1, words.size());
    return new double[] {
      Math.log1p(words.size()),
      entities / (double) n,
      Math.log1p(entities),
      t.chars().anyMatch(Character::isDigit) ? 1 : 0,
      ARITHMETIC.matcher(t).find() ? 1 : 0,
      t.endsWith("?") ? 1 : 0,
      WH.matcher(t).find() ? 1 : 0,
      CHAT.matcher(t).find() ? 1 : 0,
      BRIDGE.matcher(t).find() ? 1 : 0,
      of / (double) n,
      t.indexOf('"') >= 0 || t.indexOf('“') >= 0 ? 1 : 0
    };
  }

  /** Embedding dimension plus {@link #LEXICAL}'s size. */
  public int size() {
    return values.length;
  }

  public int embeddingDimension() {
    return dimension;
  }

  /** A copy of the feature vector. */
  public double[] vector() {
    return values.clone();
  }

  double value(int i) {
    return values[i];
  }

  @Override
  public String toString() {
    return "QueryFeatures(" + dimension + " embedding + " + LEXICAL.size() + " lexical)";
  }
}
