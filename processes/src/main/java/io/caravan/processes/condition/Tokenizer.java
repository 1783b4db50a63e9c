package io.caravan.processes.condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits the inside of {@code ${...}} into tokens. Anything that is not a token of the language
 * stops it with the reason, so that a condition never reaches the parser with a character it does
 * not understand ({@code $ # { } [ ] ? : + * / % = ;} and every other symbol).
 */
final class Tokenizer {

  enum Kind { LPAREN, RPAREN, COMMA, DOT, EQ, NE, LT, LE, GT, GE, AND, OR, NOT, MINUS, TEXT, NUMBER, TRUE, FALSE, NULL, NAME, END }

  /** One token; {@code column} is 1-based in the whole condition text, {@code value} holds a literal's value. */
  record Token(Kind kind, String text, int column, Object value) {}

  private static final Map<String, Kind> WORDS = Map.ofEntries(
      Map.entry("eq", Kind.EQ), Map.entry("ne", Kind.NE), Map.entry("lt", Kind.LT), Map.entry("le", Kind.LE),
      Map.entry("gt", Kind.GT), Map.entry("ge", Kind.GE), Map.entry("and", Kind.AND), Map.entry("or", Kind.OR),
      Map.entry("not", Kind.NOT), Map.entry("true", Kind.TRUE), Map.entry("false", Kind.FALSE), Map.entry("null", Kind.NULL));

  private final String source;
  private final int offset;
  private int at;

  private Tokenizer(String source, int offset) {
    this.source = source;
    this.offset = offset;
  }

  /** Tokens of {@code source}, which starts at 0-based character {@code offset} of the condition text, ending with END. */
  static List<Token> tokens(String source, int offset) {
    Tokenizer t = new Tokenizer(source, offset);
    List<Token> out = new ArrayList<>();
    Token token;
    do {
      token = t.next();
      out.add(token);
    } while (token.kind() != Kind.END);
    return out;
  }

  private int column(int index) {
    return offset + index + 1;
  }

  private Token next() {
    while (at < source.length() && Character.isWhitespace(source.charAt(at))) {
      at++;
    }
    int start = at;
    if (at >= source.length()) {
      return new Token(Kind.END, "", column(start), null);
    }
    char c = source.charAt(at);
    char n = at + 1 < source.length() ? source.charAt(at + 1) : '\0';
    if (c == '\'' || c == '"') {
      return text(c);
    }
    if (c >= '0' && c <= '9') {
      return number();
    }
    if (isNameStart(c)) {
      while (at < source.length() && isNamePart(source.charAt(at))) {
        at++;
      }
      String word = source.substring(start, at);
      Kind kind = WORDS.getOrDefault(word, Kind.NAME);
      Object value = kind == Kind.TRUE ? Boolean.TRUE : kind == Kind.FALSE ? Boolean.FALSE : null;
      return new Token(kind, word, column(start), value);
    }
    String two = source.substring(at, Math.min(at + 2, source.length()));
    Kind pair = switch (two) {
      case "==" -> Kind.EQ;
      case "!=" -> Kind.NE;
      case "<=" -> Kind.LE;
      case ">=" -> Kind.GE;
      case "&&" -> Kind.AND;
      case "||" -> Kind.OR;
      default -> null;
    };
    if (pair != null) {
      at += 2;
      return new Token(pair, two, column(start), null);
    }
    Kind single = switch (c) {
      case '(' -> Kind.LPAREN;
      case ')' -> Kind.RPAREN;
      case ',' -> Kind.COMMA;
      case '.' -> Kind.DOT;
      case '<' -> Kind.LT;
      case '>' -> Kind.GT;
      case '!' -> Kind.NOT;
      case '-' -> Kind.MINUS;
      default -> null;
    };
    if (single != null) {
      at++;
      return new Token(single, String.valueOf(c), column(start), null);
    }
    throw new InvalidConditionException(refusal(c, n), column(start));
  }

  private static String refusal(char c, char n) {
    return switch (c) {
      case '$', '#' -> n == '{'
          ? "a condition is exactly one ${...}; nested or deferred expressions are not allowed"
          : "'" + c + "' is not part of the condition language";
      case '{', '}' -> "braces are not part of the condition language; a condition is exactly one ${...}";
      case '[', ']' -> "indexing with [...] is not allowed; read the run through its accessors";
      case '?', ':' -> "'" + c + "' is not allowed: a condition has no choice operator or namespaced functions";
      case '+', '*', '/', '%' -> "arithmetic is not allowed in a condition; compare values directly";
      case '=' -> "'=' alone is not allowed; compare with == (or eq)";
      case '&', '|' -> "write && or || (or and, or), not a single '" + c + "'";
      default -> "'" + c + "' is not part of the condition language";
    };
  }

  private Token text(char quote) {
    int start = at;
    at++;
    StringBuilder value = new StringBuilder();
    while (at < source.length()) {
      char c = source.charAt(at);
      if (c == quote) {
        at++;
        return new Token(Kind.TEXT, source.substring(start, at), column(start), value.toString());
      }
      if (c == '\\') {
        char escaped = at + 1 < source.length() ? source.charAt(at + 1) : '\0';
        if (escaped != '\\' && escaped != '\'' && escaped != '"') {
          throw new InvalidConditionException("in text, a backslash may only escape \\, ' or \"", column(at));
        }
        value.append(escaped);
        at += 2;
      } else {
        value.append(c);
        at++;
      }
    }
    throw new InvalidConditionException("text starting here has no closing " + quote, column(start));
  }

  private Token number() {
    int start = at;
    while (at < source.length() && isDigit(source.charAt(at))) {
      at++;
    }
    if (at + 1 < source.length() && source.charAt(at) == '.' && isDigit(source.charAt(at + 1))) {
      at++;
      while (at < source.length() && isDigit(source.charAt(at))) {
        at++;
      }
    }
    if (at < source.length() && (isNamePart(source.charAt(at)) || source.charAt(at) == '.')) {
      throw new InvalidConditionException("a number is digits with an optional decimal part, nothing attached", column(start));
    }
    String digits = source.substring(start, at);
    return new Token(Kind.NUMBER, digits, column(start), new BigDecimal(digits));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || isDigit(c);
  }
}
