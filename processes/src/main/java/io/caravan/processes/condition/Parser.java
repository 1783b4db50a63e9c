package io.caravan.processes.condition;

import io.caravan.processes.condition.Node.Operator;
import io.caravan.processes.condition.Tokenizer.Kind;
import io.caravan.processes.condition.Tokenizer.Token;
import java.math.BigDecimal;
import java.util.List;

/**
 * Recursive descent over the tokens, with EL's precedence (lowest first): {@code || or}, {@code &&
 * and}, {@code == != eq ne}, {@code < <= > >= lt le gt ge}, {@code ! not} and unary minus, then
 * literals, parentheses and {@code run.<accessor>(<text>)}. Binary operators loop instead of
 * recursing, and the recursion through parentheses and unary operators stops at {@link
 * Condition#MAX_NESTING}, so no input can exhaust the stack. Types are checked as the tree is
 * built, so a comparison of text with a number is refused here, not when a query runs.
 */
final class Parser {

  private final List<Token> tokens;
  private int at;
  private int depth;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static Node parse(String inside, int offset) {
    Parser p = new Parser(Tokenizer.tokens(inside, offset));
    if (p.peek().kind() == Kind.END) {
      throw new InvalidConditionException("the condition is empty", 0);
    }
    Node root = p.or();
    Token rest = p.peek();
    if (rest.kind() != Kind.END) {
      throw new InvalidConditionException(
          rest.kind() == Kind.RPAREN ? "')' closes nothing" : "'" + rest.text() + "' cannot follow a complete condition",
          rest.column());
    }
    if (root.type() != Type.BOOLEAN && root.type() != Type.ANY) {
      throw new InvalidConditionException("a condition must be true or false, this one is " + root.type(), 0);
    }
    return root;
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token take() {
    return tokens.get(at++);
  }

  private Token expect(Kind kind, String what) {
    Token t = peek();
    if (t.kind() != kind) {
      throw new InvalidConditionException("expected " + what + (t.kind() == Kind.END ? " before the end" : ", found '" + t.text() + "'"), t.column());
    }
    return take();
  }

  private void deeper(Token where) {
    if (++depth > Condition.MAX_NESTING) {
      throw new InvalidConditionException("the condition nests more than " + Condition.MAX_NESTING + " levels deep", where.column());
    }
  }

  private Node or() {
    Node left = and();
    while (peek().kind() == Kind.OR) {
      Token op = take();
      left = logical(false, left, and(), op);
    }
    return left;
  }

  private Node and() {
    Node left = equality();
    while (peek().kind() == Kind.AND) {
      Token op = take();
      left = logical(true, left, equality(), op);
    }
    return left;
  }

  private Node equality() {
    Node left = relational();
    while (peek().kind() == Kind.EQ || peek().kind() == Kind.NE) {
      Token op = take();
      left = comparison(op.kind() == Kind.EQ ? Operator.EQ : Operator.NE, left, relational(), op);
    }
    return left;
  }

  private Node relational() {
    Node left = unary();
    while (true) {
      Operator operator = switch (peek().kind()) {
        case LT -> Operator.LT;
        case LE -> Operator.LE;
        case GT -> Operator.GT;
        case GE -> Operator.GE;
        default -> null;
      };
      if (operator == null) {
        return left;
      }
      Token op = take();
      left = comparison(operator, left, unary(), op);
    }
  }

  private Node unary() {
    Token t = peek();
    if (t.kind() == Kind.NOT) {
      take();
      deeper(t);
      Node operand = unary();
      depth--;
      if (!truthy(operand.type())) {
        throw new InvalidConditionException("'" + t.text() + "' needs true or false, not " + operand.type(), t.column());
      }
      return new Node.Not(operand);
    }
    if (t.kind() == Kind.MINUS) {
      take();
      Token number = peek();
      if (number.kind() != Kind.NUMBER) {
        throw new InvalidConditionException("'-' may only start a number; arithmetic is not allowed", t.column());
      }
      take();
      return new Node.Literal(((BigDecimal) number.value()).negate(), Type.NUMBER);
    }
    return primary();
  }

  private Node primary() {
    Token t = take();
    switch (t.kind()) {
      case LPAREN -> {
        deeper(t);
        Node inner = or();
        depth--;
        expect(Kind.RPAREN, "')' to close the '(' at character " + t.column());
        return inner;
      }
      case TEXT -> {
        return new Node.Literal(t.value(), Type.STRING);
      }
      case NUMBER -> {
        return new Node.Literal(t.value(), Type.NUMBER);
      }
      case TRUE, FALSE -> {
        return new Node.Literal(t.value(), Type.BOOLEAN);
      }
      case NULL -> {
        return new Node.Literal(null, Type.NULL);
      }
      case NAME -> {
        return read(t);
      }
      case END -> throw new InvalidConditionException("the condition ends where a value should follow", t.column());
      default -> throw new InvalidConditionException("'" + t.text() + "' cannot start a value", t.column());
    }
  }

  private Node read(Token name) {
    if (!name.text().equals("run")) {
      throw new InvalidConditionException("unknown name '" + name.text() + "': a condition reads the run only, through "
          + Accessor.vocabulary(), name.column());
    }
    if (peek().kind() != Kind.DOT) {
      throw new InvalidConditionException("'run' alone is not a value; call one of " + Accessor.vocabulary(), name.column());
    }
    take();
    Token member = expect(Kind.NAME, "an accessor of run");
    Accessor accessor = Accessor.named(member.text());
    if (accessor == null) {
      throw new InvalidConditionException("run has no accessor '" + member.text() + "'; a condition may call "
          + Accessor.vocabulary(), member.column());
    }
    expect(Kind.LPAREN, "'(' after run." + member.text() + " (accessors are called, not read as properties)");
    String argument = null;
    if (accessor.takesText()) {
      Token arg = take();
      if (arg.kind() != Kind.TEXT) {
        throw new InvalidConditionException(accessor.signature() + " takes one quoted text, like 'name'", arg.column());
      }
      argument = (String) arg.value();
    }
    Token close = peek();
    if (close.kind() != Kind.RPAREN) {
      throw new InvalidConditionException(accessor.signature() + " takes " + (accessor.takesText() ? "one quoted text" : "no arguments"),
          close.column());
    }
    take();
    Token after = peek();
    if (after.kind() == Kind.DOT || after.kind() == Kind.LPAREN) {
      throw new InvalidConditionException("nothing may follow " + accessor.signature()
          + ": no method calls or properties on a result", after.column());
    }
    return new Node.Read(accessor, argument);
  }

  private static Node logical(boolean and, Node left, Node right, Token op) {
    if (!truthy(left.type()) || !truthy(right.type())) {
      throw new InvalidConditionException("'" + op.text() + "' needs true or false on both sides, not "
          + (truthy(left.type()) ? right.type() : left.type()), op.column());
    }
    return new Node.Logical(and, left, right);
  }

  private static Node comparison(Operator operator, Node left, Node right, Token op) {
    Type l = left.type();
    Type r = right.type();
    if (operator.ordering()) {
      if (!orderable(l) || !orderable(r) || (l != r && l != Type.ANY && r != Type.ANY)) {
        throw new InvalidConditionException("'" + op.text() + "' orders two numbers or two texts, not " + l + " and " + r, op.column());
      }
    } else if (l != r && l != Type.ANY && r != Type.ANY && l != Type.NULL && r != Type.NULL) {
      throw new InvalidConditionException("'" + op.text() + "' compares " + l + " with " + r + ", which are never equal", op.column());
    }
    return new Node.Comparison(operator, left, right);
  }

  private static boolean truthy(Type t) {
    return t == Type.BOOLEAN || t == Type.ANY;
  }

  private static boolean orderable(Type t) {
    return t == Type.NUMBER || t == Type.STRING || t == Type.ANY;
  }
}
