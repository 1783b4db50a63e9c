package io.caravan.processes.condition;

/** What a part of a condition yields, known when it is parsed; {@code ANY} is a state attribute. */
enum Type {
  BOOLEAN("true/false"),
  NUMBER("a number"),
  STRING("text"),
  NULL("null"),
  ANY("an attribute value");

  private final String words;

  Type(String words) {
    this.words = words;
  }

  @Override
  public String toString() {
    return words;
  }
}
