package io.caravan.core;

import java.util.Objects;

/**
 * The typed name of a {@link RagState} attribute: whatever a step or policy leaves for later ones
 * (a decision, a loop's notes, a feature computed by I/O) is stored and read through one of these,
 * so a reader gets the type the writer stored instead of parsing or casting an {@code Object}.
 *
 * <p>The name is what BPMN conditions see ({@code ${run.attribute('retrieval.calls')}}); two keys
 * with one name share the slot. {@code type} is checked when the value is read: for a generic
 * value ({@code List<String>}) it is the raw class, so the element type is the writer's promise.
 *
 * @param <T> the value's type
 */
public record AttributeKey<T>(String name, Class<?> type) {

  public AttributeKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new IllegalArgumentException("an attribute name must not be blank");
    }
  }

  /** A key for values of {@code type} (or of a generic type whose raw class is {@code type}). */
  public static <T> AttributeKey<T> of(String name, Class<? super T> type) {
    return new AttributeKey<>(name, type);
  }

  /** The stored value as this key's type; a value of another type is an error that names both. */
  @SuppressWarnings("unchecked") // checked against the raw class; a generic's arguments are the writer's promise
  T cast(Object value) {
    if (!type.isInstance(value)) {
      throw new IllegalStateException(
          "attribute '" + name + "' holds a " + value.getClass().getSimpleName() + ", not a " + type.getSimpleName());
    }
    return (T) value;
  }

  @Override
  public String toString() {
    return name;
  }
}
