package io.caravan.core;

import java.util.Objects;

/** One turn of a conversation: who spoke ({@code user} or {@code assistant}) and what they said. */
public record Turn(String role, String text) {
  public Turn {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
  }
}
