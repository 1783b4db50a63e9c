package io.caravan.research.bench;

import java.util.Locale;
import java.util.Objects;

/**
 * One answer in the generation benchmark: which answerer wrote it, from which context, under which
 * instruction, how it scored against the gold answers, how well it is grounded and what it cost.
 *
 * @param questionId the HotpotQA question
 * @param system "extractive" or the model's short name
 * @param context "gold" (the question's supporting paragraphs) or the process that retrieved it
 * @param instruction "short", "sentence", or "-" for the extractive answerer (which takes none)
 * @param answer the answer text, citation markers removed
 * @param em SQuAD exact match against the gold answers (0 or 1)
 * @param f1 SQuAD token F1 against the gold answers
 * @param support share of the answer's content words found in what it cites; NaN when not checked
 * @param flagged whether the faithfulness check flags the answer (support below the threshold)
 * @param contextHasAllGold whether every supporting paragraph was in the context
 * @param tokens generated tokens (0 for the extractive answerer)
 * @param promptTokens tokens of the prompt (0 for the extractive answerer)
 * @param firstTokenMs from the call to the first generated piece (for the extractive answerer: the
 *     whole call)
 * @param totalMs the whole call
 * @param citations citations the answer carries
 * @param dropped citation markers naming no passage, removed
 * @param attributed citations added afterwards because the answer cited nothing
 */
public record GenerationRow(
    String questionId,
    String system,
    String context,
    String instruction,
    String answer,
    double em,
    double f1,
    double support,
    boolean flagged,
    boolean contextHasAllGold,
    int tokens,
    int promptTokens,
    double firstTokenMs,
    double totalMs,
    int citations,
    int dropped,
    int attributed) {

  public static final String TSV_HEADER =
      "question\tsystem\tcontext\tinstruction\tem\tf1\tsupport\tflagged\tcontext_has_all_gold\ttokens\tprompt_tokens\tfirst_token_ms\ttotal_ms\tcitations\tdropped\tattributed\tanswer";

  public GenerationRow {
    Objects.requireNonNull(questionId, "questionId");
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(answer, "answer");
  }

  /** One TSV line (no newline); tabs and newlines in the answer become spaces. */
  public String tsv() {
    return String.join(
        "\t",
        questionId,
        system,
        context,
        instruction,
        fmt(em),
        fmt(f1),
        fmt(support),
        Boolean.toString(flagged),
        Boolean.toString(contextHasAllGold),
        Integer.toString(tokens),
        Integer.toString(promptTokens),
        fmt(firstTokenMs),
        fmt(totalMs),
        Integer.toString(citations),
        Integer.toString(dropped),
        Integer.toString(attributed),
        answer.replaceAll("[\\t\\r\\n]+", " "));
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
  }
}
