package io.caravan.policies.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Word-level text handling the rewriters share: tokens, English function words, entity spans. */
final class Words {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’\\-]*");
  private static final Pattern PARENTHESES = Pattern.compile("\\s*\\([^)]*\\)");

  /**
   * English function and question words (Lucene's English stop set plus question words and
   * auxiliaries): they carry no topic, so they are neither carried over nor counted as content.
   */
  static final Set<String> FUNCTION =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
          "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
          "will", "with", "what", "when", "where", "which", "who", "whom", "whose", "why", "how", "did", "do", "does",
          "done", "had", "has", "have", "were", "been", "being", "can", "could", "would", "should", "may", "might",
          "about", "any", "some", "other", "else", "also", "from", "after", "before", "he", "she", "him", "her",
          "his", "hers", "its", "them", "theirs", "i", "you", "we", "me", "my", "your", "our", "us", "so", "than",
          "too", "very", "just", "only", "up", "out", "over", "more", "most", "much", "many", "all", "both", "each",
          "tell", "know", "like", "get", "got", "go", "went", "make", "made", "during", "while", "one", "ones",
          "yes", "ok", "okay", "thanks", "please", "interesting", "hi", "hello", "thank", "oh", "wow", "well",
          "now", "really", "sure", "great", "cool", "hmm", "let", "lets", "that's", "what's", "it's", "i'm");

  private Words() {}

  static Matcher matcher(String text) {
    return WORD.matcher(text);
  }

  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static boolean isContent(String word) {
    String w = lower(word);
    int apostrophe = Math.max(w.indexOf('\''), w.indexOf('’'));
    // a contraction ("doesn't", "I'd", "what’s") is as empty as the word it starts with
    String base = apostrophe > 0 ? w.substring(0, apostrophe) : w;
    boolean negation = w.endsWith("n't") || w.endsWith("n’t");
    return !negation && !FUNCTION.contains(w) && !FUNCTION.contains(base) && word.length() > 1;
  }

  static String withoutParentheses(String s) {
    return PARENTHESES.matcher(s).replaceAll("").strip();
  }

  /**
   * Runs of capitalised words ("Frank Zappa", "Mothers of Invention"), joined by at most one
   * lower-case connector ("of", "the", "de", "von"; not "and", which joins two entities), without a
   * trailing possessive. A single capitalised word that opens a sentence is left out: it is usually
   * just the sentence's first word.
   */
  static List<String> capitalisedSpans(String text) {
    return capitalisedSpans(text, null);
  }

  /** As {@link #capitalisedSpans(String)}; the sentence-initial single words go to {@code initialSingles} when given. */
  static List<String> capitalisedSpans(String text, List<String> initialSingles) {
    List<String> spans = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    List<String> run = new ArrayList<>();
    String pendingConnector = null;
    int lastEnd = 0;
    boolean runAtSentenceStart = false;
    while (m.find()) {
      String w = m.group();
      String between = text.substring(lastEnd, m.start());
      boolean sentenceStart = lastEnd == 0 || between.matches(".*[.!?:;\"].*");
      lastEnd = m.end();
      boolean breaks = between.matches(".*[,.!?:;()\"].*");
      if (Character.isUpperCase(w.charAt(0)) && !breaks) {
        if (run.isEmpty()) {
          runAtSentenceStart = sentenceStart;
        } else if (pendingConnector != null) {
          run.add(pendingConnector);
        }
        pendingConnector = null;
        run.add(w);
        continue;
      }
      if (!run.isEmpty() && pendingConnector == null && !breaks && Set.of("of", "the", "de", "von", "van").contains(w)) {
        pendingConnector = w;
        continue;
      }
      flush(run, runAtSentenceStart, spans, initialSingles);
      pendingConnector = null;
      if (Character.isUpperCase(w.charAt(0))) {
        runAtSentenceStart = sentenceStart;
        run.add(w);
      }
    }
    flush(run, runAtSentenceStart, spans, initialSingles);
    return spans;
  }

  private static void flush(List<String> run, boolean atSentenceStart, List<String> spans, List<String> initialSingles) {
    if (!run.isEmpty()) {
      // drop a leading function word the sentence start capitalised ("The Beatles" keeps "The")
      while (run.size() > 1 && !isContent(run.get(0)) && !lower(run.get(0)).equals("the")) {
        run.remove(0);
      }
      while (run.size() > 1 && !isContent(run.get(run.size() - 1))) {
        run.remove(run.size() - 1);
      }
      // a single capitalised word that opens a sentence is usually just its first word ("Oh", "Now")
      boolean single = run.size() == 1;
      if (single && atSentenceStart && initialSingles != null && isContent(run.get(0))) {
        initialSingles.add(run.get(0));
      }
      if (!(single && (atSentenceStart || !isContent(run.get(0))))) {
        String span = String.join(" ", run);
        spans.add(span.endsWith("'s") || span.endsWith("’s") ? span.substring(0, span.length() - 2) : span);
      }
      run.clear();
    }
  }
}
