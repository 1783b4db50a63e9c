package io.caravan.processes.condition;

/** A condition text outside Caravan's condition language, with where the parser stopped. */
public final class InvalidConditionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final int column;

  InvalidConditionException(String reason, int column) {
    super(column > 0 ? reason + " (at character " + column + ")" : reason);
    this.reason = reason;
    this.column = column;
  }

  /** What is wrong, without the position. */
  public String reason() {
    return reason;
  }

  /** The 1-based character of the stripped condition text where the problem is; 0 for the text as a whole. */
  public int column() {
    return column;
  }
}
