package io.caravan.connectors.triton;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One request tensor in the binary form KServe v2 gRPC carries in {@code raw_input_contents}:
 * little-endian, row-major. Binary rather than typed {@code contents} because it is one copy and no
 * per-element protobuf framing (a 32 x 128 INT64 batch is 32 KiB either way, but typed contents cost
 * a varint per element to write and read).
 */
public record InputTensor(String name, String datatype, long[] shape, ByteString data) {

  public InputTensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(datatype, "datatype");
    shape = shape.clone();
    Objects.requireNonNull(data, "data");
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** An INT64 tensor of the given shape; {@code values.length} must be the product of the shape. */
  public static InputTensor int64(String name, long[] shape, long[] values) {
    check(shape, values.length);
    ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new InputTensor(name, "INT64", shape, ByteString.copyFrom(b.array()));
  }

  /** An FP32 tensor of the given shape; {@code values.length} must be the product of the shape. */
  public static InputTensor fp32(String name, long[] shape, float[] values) {
    check(shape, values.length);
    ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new InputTensor(name, "FP32", shape, ByteString.copyFrom(b.array()));
  }

  /**
   * A BYTES tensor of UTF-8 strings: each element is its length (4 bytes, little-endian) and its
   * bytes, the binary form KServe v2 gives BYTES.
   */
  public static InputTensor strings(String name, long[] shape, List<String> values) {
    check(shape, values.size());
    ByteString.Output out = ByteString.newOutput();
    for (String v : values) {
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      out.write(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array(), 0, Integer.BYTES);
      out.write(b, 0, b.length);
    }
    return new InputTensor(name, "BYTES", shape, out.toByteString());
  }

  /** An INT32 tensor of the given shape; {@code values.length} must be the product of the shape. */
  public static InputTensor int32(String name, long[] shape, int[] values) {
    check(shape, values.length);
    ByteBuffer b = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return new InputTensor(name, "INT32", shape, ByteString.copyFrom(b.array()));
  }

  private static void check(long[] shape, int length) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      n *= d;
    }
    if (n != length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + length);
    }
  }

  @Override
  public String toString() {
    return name + ":" + datatype + Arrays.toString(shape);
  }
}
