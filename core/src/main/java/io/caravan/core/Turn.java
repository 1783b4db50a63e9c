package io.caravan.core;

import java.util.Objects;

/**
 * One turn of a conversation: who spoke ({@code user} or {@code assistant}) and what they said, or,
 * with the role {@value #CONTEXT}, what the conversation is about (a title, a section: CANARD and
 * QuAC carry them), which rewriters and generators read as background rather than as dialogue.
 */
public record Turn(String role, String text) {

  /** The role of a conversation's topic, not a speaker's turn. */
  public static final String CONTEXT = "context";

  public Turn {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
  }
}
