package io.caravan.connectors.triton;

import java.util.List;
import java.util.Objects;

/**
 * One input or output of a model as the server describes it: name, KServe datatype ({@code FP32},
 * {@code INT64}, {@code BYTES}...) and shape, where {@code -1} is a variable dimension (the batch
 * dimension of a batching model included).
 */
public record TensorSpec(String name, String datatype, List<Long> shape) {
  public TensorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(datatype, "datatype");
    shape = List.copyOf(shape);
  }

  @Override
  public String toString() {
    return name + ":" + datatype + shape;
  }
}
