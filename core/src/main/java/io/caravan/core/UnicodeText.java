package io.caravan.core;

import java.util.OptionalInt;

/**
 * What Caravan accepts as text from outside, and how it prints such text where a person reads it.
 *
 * <p>Visible is what a text encoder reads. BERT-style tokenizers (all-MiniLM-L6-v2's among them)
 * drop control, format, unassigned, private-use and surrogate code points and U+FFFD, turn every
 * kind of white space into a separator and, lower-casing, strip non-spacing marks; a text made only
 * of those leaves no token, and the encoder fails. So visible means a letter, a number, a
 * punctuation mark, a symbol other than U+FFFD, or a spacing or enclosing mark.
 *
 * <p>Control characters are C0 and C1 controls, format characters (zero-width spaces, byte order
 * marks, bidirectional overrides) and the line and paragraph separators: what can end a log line,
 * move a terminal's cursor or reorder what a reader sees.
 */
public final class UnicodeText {

  private UnicodeText() {}

  /** The index of the first unpaired surrogate, which makes the text invalid UTF-16 (and unencodable as UTF-8). */
  public static OptionalInt loneSurrogate(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /** Whether the text has at least one code point an encoder reads (see the class comment). */
  public static boolean hasVisibleCharacter(CharSequence s) {
    return s.codePoints().anyMatch(UnicodeText::isVisible);
  }

  private static boolean isVisible(int cp) {
    if (cp == 0xFFFD) {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
          Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL,
          Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> true;
      default -> false;
    };
  }

  /** The index of the first control character (see the class comment) or unpaired surrogate. */
  public static OptionalInt controlCharacter(CharSequence s) {
    OptionalInt surrogate = loneSurrogate(s);
    for (int i = 0; i < s.length(); i++) {
      if (surrogate.isPresent() && surrogate.getAsInt() == i) {
        return surrogate;
      }
      if (isControl(s.charAt(i))) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  private static boolean isControl(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  /**
   * The text with every control character and unpaired surrogate written as an escape ({@code \n},
   * {@code \r}, {@code \t}, else {@code \}{@code uXXXX}), so that a value from a request stays on
   * its log line and cannot drive the terminal that shows it. Everything else is left as it is.
   */
  public static String escapeControls(CharSequence s) {
    if (s == null) {
      return "null";
    }
    OptionalInt first = controlCharacter(s);
    if (first.isEmpty()) {
      return s.toString();
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      if (pair) {
        out.append(c).append(s.charAt(++i));
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (isControl(c) || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code U+000A}: how messages name one code unit. */
  public static String codeUnit(CharSequence s, int index) {
    return String.format("U+%04X", (int) s.charAt(index));
  }
}
