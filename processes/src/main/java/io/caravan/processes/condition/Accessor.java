package io.caravan.processes.condition;

import java.math.BigDecimal;
import java.math.BigInteger;

/** The whitelist behind {@code run.<name>(...)}: each accessor, its one optional text argument and its result. */
enum Accessor {
  CANDIDATE_COUNT("candidateCount", false, Type.NUMBER),
  K("k", false, Type.NUMBER),
  HAS_ANSWER("hasAnswer", false, Type.BOOLEAN),
  CHOICE("choice", true, Type.STRING),
  HAS_DECISION("hasDecision", true, Type.BOOLEAN),
  VISITS("visits", true, Type.NUMBER),
  ATTRIBUTE("attribute", true, Type.ANY);

  private final String accessorName;
  private final boolean takesText;
  private final Type type;

  Accessor(String accessorName, boolean takesText, Type type) {
    this.accessorName = accessorName;
    this.takesText = takesText;
    this.type = type;
  }

  static Accessor named(String name) {
    for (Accessor a : values()) {
      if (a.accessorName.equals(name)) {
        return a;
      }
    }
    return null;
  }

  /** The accessors as a reader sees them, for error messages: {@code run.candidateCount(), run.choice('policy'), ...}. */
  static String vocabulary() {
    StringBuilder sb = new StringBuilder();
    for (Accessor a : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(a.signature());
    }
    return sb.toString();
  }

  String accessorName() {
    return accessorName;
  }

  boolean takesText() {
    return takesText;
  }

  Type type() {
    return type;
  }

  String signature() {
    return "run." + accessorName + "(" + (takesText ? "'" + (this == VISITS ? "taskId" : this == ATTRIBUTE ? "key" : "policy") + "'" : "") + ")";
  }

  /** Reads the value: a Boolean, a String, a BigDecimal or null. */
  Object read(RunFacts run, String argument) {
    return switch (this) {
      case CANDIDATE_COUNT -> BigDecimal.valueOf(run.candidateCount());
      case K -> BigDecimal.valueOf(run.k());
      case HAS_ANSWER -> run.hasAnswer();
      case CHOICE -> run.choice(argument);
      case HAS_DECISION -> run.hasDecision(argument);
      case VISITS -> BigDecimal.valueOf(run.visits(argument));
      case ATTRIBUTE -> attributeValue(argument, run.attribute(argument));
    };
  }

  private static Object attributeValue(String key, Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
      return BigDecimal.valueOf(((Number) value).doubleValue());
    }
    throw new IllegalStateException(
        "attribute '" + key + "' holds a value that is not text, a finite number or true/false, so a condition cannot read it");
  }
}
