package io.caravan.agents;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool an agent may be handed: its name, what it does, its parameters as a JSON Schema document,
 * example requests, and the Camel endpoint that runs it. Tools are retrieved like documents by
 * their name, description and examples, so the description is written for the retriever as much
 * as for the model.
 */
public record ToolDescriptor(String name, String description, String parametersSchema, List<String> examples, String endpointUri) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

  public ToolDescriptor {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tool name must start with a letter and hold only letters, digits, '_', '.', '-' (at most 128): " + name);
    }
    Objects.requireNonNull(description, "description");
    if (description.isBlank()) {
      throw new IllegalArgumentException("tool " + name + " needs a description: it is what tool retrieval searches");
    }
    parametersSchema = parametersSchema == null || parametersSchema.isBlank() ? "{\"type\":\"object\"}" : parametersSchema;
    examples = List.copyOf(examples == null ? List.of() : examples);
    endpointUri = endpointUri == null ? "" : endpointUri;
  }

  /** The text a tool index searches: name, description and examples. */
  public String searchableText() {
    StringBuilder sb = new StringBuilder(name.replace('_', ' ').replace('.', ' ')).append('\n').append(description);
    for (String e : examples) {
      sb.append('\n').append(e);
    }
    return sb.toString();
  }
}
