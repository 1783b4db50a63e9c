package io.caravan.processes.condition;

import java.math.BigDecimal;

/**
 * A parsed condition: literals, run accessors, comparisons and boolean operators, nothing else.
 * Values at run time are Boolean, String, BigDecimal (every number) or null.
 */
sealed interface Node {

  Type type();

  Object eval(RunFacts run);

  record Literal(Object value, Type type) implements Node {
    @Override
    public Object eval(RunFacts run) {
      return value;
    }
  }

  record Read(Accessor accessor, String argument) implements Node {
    @Override
    public Type type() {
      return accessor.type();
    }

    @Override
    public Object eval(RunFacts run) {
      return accessor.read(run, argument);
    }
  }

  record Not(Node operand) implements Node {
    @Override
    public Type type() {
      return Type.BOOLEAN;
    }

    @Override
    public Object eval(RunFacts run) {
      return !truth(operand.eval(run), "not");
    }
  }

  record Logical(boolean and, Node left, Node right) implements Node {
    @Override
    public Type type() {
      return Type.BOOLEAN;
    }

    @Override
    public Object eval(RunFacts run) {
      String op = and ? "and" : "or";
      boolean l = truth(left.eval(run), op);
      if (l != and) {
        return l; // false and ..., true or ...: the right side is not evaluated, as in Java and EL
      }
      return truth(right.eval(run), op);
    }
  }

  record Comparison(Operator operator, Node left, Node right) implements Node {
    @Override
    public Type type() {
      return Type.BOOLEAN;
    }

    @Override
    public Object eval(RunFacts run) {
      Object l = left.eval(run);
      Object r = right.eval(run);
      return switch (operator) {
        case EQ -> same(l, r);
        case NE -> !same(l, r);
        case LT -> order(l, r) < 0;
        case LE -> order(l, r) <= 0;
        case GT -> order(l, r) > 0;
        case GE -> order(l, r) >= 0;
      };
    }

    private int order(Object l, Object r) {
      if (l instanceof BigDecimal a && r instanceof BigDecimal b) {
        return a.compareTo(b);
      }
      if (l instanceof String a && r instanceof String b) {
        return a.compareTo(b);
      }
      throw new IllegalStateException("condition cannot order " + describe(l) + " and " + describe(r) + " with " + operator);
    }
  }

  enum Operator {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    boolean ordering() {
      return this != EQ && this != NE;
    }

    @Override
    public String toString() {
      return symbol;
    }
  }

  /** Equal when both are null, numbers of the same value, or equal text or booleans; values of different kinds never are. */
  static boolean same(Object l, Object r) {
    if (l == null || r == null) {
      return l == r;
    }
    if (l instanceof BigDecimal a && r instanceof BigDecimal b) {
      return a.compareTo(b) == 0;
    }
    return l.equals(r);
  }

  static boolean truth(Object value, String operator) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new IllegalStateException("condition expects true or false around '" + operator + "', got " + describe(value));
  }

  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return "text '" + s + "'";
    }
    if (value instanceof BigDecimal n) {
      return "the number " + n.toPlainString();
    }
    return String.valueOf(value);
  }
}
