package io.caravan.research.eval.tools;

/**
 * One tool of a retrieval catalogue. {@code id} is what gold labels and runs refer to; {@code name}
 * is the benchmark's own label for it (the same as the id where the benchmark labels by name).
 */
public record Tool(String id, String name, String description) {

  public Tool {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("tool id must not be blank");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("tool " + id + ": name must not be blank");
    }
    if (description == null) {
      throw new IllegalArgumentException("tool " + id + ": description must not be null");
    }
  }
}
