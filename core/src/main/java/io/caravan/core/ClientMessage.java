package io.caravan.core;

import java.util.regex.Pattern;

/**
 * Error messages meant for the people who call Caravan (an HTTP client, a CLI user) say what went
 * wrong in words; a Java type in one ({@code IllegalArgumentException}, {@code java.lang.String},
 * {@code io.caravan.core.Query}) tells them nothing they can act on and tells an attacker what runs
 * inside. Edges check their messages here and, when one names a type, answer with a plain sentence
 * and leave the original to the server log.
 */
public final class ClientMessage {

  /**
   * A qualified name (lower-case package segments, then a capitalised type: {@code java.lang.String}),
   * a simple name ending in Exception, Error or Throwable, or a camel-case type with a member: a
   * method call or a constant ({@code StreamReadConstraints.getMaxNestingDepth()}, {@code
   * StreamReadFeature.INCLUDE_SOURCE}).
   */
  private static final Pattern JAVA_TYPE = Pattern.compile(
      "\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z][A-Za-z0-9_$]*"
          + "|\\b[A-Z][A-Za-z0-9_$]*(Exception|Error|Throwable)\\b"
          + "|\\b[A-Z][a-z0-9]+([A-Z][a-z0-9]*)+\\.([a-z][A-Za-z0-9_]*\\(|[A-Z][A-Z0-9]*_[A-Z0-9_]+)");

  private ClientMessage() {}

  /** Whether {@code message} names a Java type (see {@link #JAVA_TYPE}); false for null. */
  public static boolean namesJavaType(String message) {
    return message != null && JAVA_TYPE.matcher(message).find();
  }
}
