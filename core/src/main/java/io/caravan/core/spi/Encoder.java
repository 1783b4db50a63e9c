package io.caravan.core.spi;

import io.caravan.core.UnicodeText;
import java.util.List;
import java.util.Objects;

/**
 * Turns text into a dense vector. Implementations return L2-normalised vectors so that dot product
 * equals cosine similarity; {@link #encodeAll} is the batched path ingestion uses.
 */
public interface Encoder {

  EncoderInfo info();

  /** Encodes a query. Encoders with asymmetric query/document prompts apply the query one here. */
  float[] encodeQuery(String text);

  /** Encodes documents in one batch; the result has one vector per input, in order. */
  List<float[]> encodeAll(List<String> texts);

  /**
   * The query every encoder refuses: a blank text has no vector. Blank as LangChain4j has it (trim:
   * every char up to U+0020) plus Unicode white space; and a text with no character a tokenizer
   * keeps ({@link UnicodeText#hasVisibleCharacter}), which would leave it no token.
   *
   * @throws IllegalArgumentException when {@code text} is null, blank or has nothing visible
   */
  static void checkQuery(String text) {
    if (isBlank(text)) {
      throw new IllegalArgumentException("query text must not be null or blank");
    }
    if (!UnicodeText.hasVisibleCharacter(text)) {
      throw new IllegalArgumentException("query text has no visible character: only white space, control or format characters");
    }
  }

  /**
   * The batch every encoder refuses: null, or any text null or blank, named by its position.
   *
   * @throws IllegalArgumentException when a text is null or blank
   */
  static void checkTexts(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    for (int i = 0; i < texts.size(); i++) {
      if (isBlank(texts.get(i))) {
        throw new IllegalArgumentException("text at position " + i + " is null or blank");
      }
      if (!UnicodeText.hasVisibleCharacter(texts.get(i))) {
        throw new IllegalArgumentException("text at position " + i + " has no visible character");
      }
    }
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank() || text.trim().isEmpty();
  }
}
