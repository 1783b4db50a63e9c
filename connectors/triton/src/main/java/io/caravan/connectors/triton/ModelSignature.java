package io.caravan.connectors.triton;

import java.util.List;
import java.util.Optional;

/**
 * What a model served by Triton takes and returns, from its KServe v2 metadata. Checked once at start
 * against what the client will send ({@link #require}), so a wrong model fails then, with a message
 * naming the difference, not on the first query.
 */
public record ModelSignature(String model, List<String> versions, String platform, List<TensorSpec> inputs, List<TensorSpec> outputs) {

  public ModelSignature {
    versions = List.copyOf(versions);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  public Optional<TensorSpec> input(String name) {
    return inputs.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public Optional<TensorSpec> output(String name) {
    return outputs.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * Checks that the model has {@code wanted} among its inputs (or outputs) with the same datatype and
   * shape, {@code -1} on either side matching any size.
   *
   * @throws TritonException of kind {@link TritonException.Kind#MODEL_MISMATCH} saying what differs
   */
  public void require(TensorSpec wanted, boolean isInput) {
    List<TensorSpec> side = isInput ? inputs : outputs;
    String what = isInput ? "input" : "output";
    TensorSpec found = side.stream().filter(t -> t.name().equals(wanted.name())).findFirst().orElse(null);
    if (found == null) {
      throw mismatch("has no " + what + " '" + wanted.name() + "' (its " + what + "s: " + side + ")");
    }
    if (!found.datatype().equals(wanted.datatype())) {
      throw mismatch(what + " '" + wanted.name() + "' is " + found.datatype() + ", expected " + wanted.datatype());
    }
    boolean same = found.shape().size() == wanted.shape().size();
    for (int i = 0; same && i < found.shape().size(); i++) {
      long a = found.shape().get(i);
      long b = wanted.shape().get(i);
      same = a == -1 || b == -1 || a == b;
    }
    if (!same) {
      throw mismatch(what + " '" + wanted.name() + "' has shape " + found.shape() + ", expected " + wanted.shape());
    }
  }

  private TritonException mismatch(String detail) {
    return new TritonException(TritonException.Kind.MODEL_MISMATCH, "Triton model '" + model + "' " + detail);
  }
}
