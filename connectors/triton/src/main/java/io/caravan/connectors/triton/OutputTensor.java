package io.caravan.connectors.triton;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One response tensor as the server returned it in {@code raw_output_contents}. */
public record OutputTensor(String name, String datatype, long[] shape, ByteString data) {

  public OutputTensor {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The values of an INT32 tensor, row-major. */
  public int[] ints() {
    if (!"INT32".equals(datatype)) {
      throw new TritonException(TritonException.Kind.MODEL_MISMATCH, "output '" + name + "' is " + datatype + ", expected INT32");
    }
    IntBuffer ib = data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
    if (ib.remaining() != elements()) {
      throw new TritonException(
          TritonException.Kind.REJECTED, "output '" + name + "' of shape " + Arrays.toString(shape) + " came with " + ib.remaining() + " values");
    }
    int[] out = new int[ib.remaining()];
    ib.get(out);
    return out;
  }

  /** The elements of a BYTES tensor as UTF-8 strings, row-major (each a 4-byte little-endian length, then its bytes). */
  public List<String> strings() {
    if (!"BYTES".equals(datatype)) {
      throw new TritonException(TritonException.Kind.MODEL_MISMATCH, "output '" + name + "' is " + datatype + ", expected BYTES");
    }
    ByteBuffer b = data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    List<String> out = new ArrayList<>();
    while (b.remaining() >= Integer.BYTES) {
      int n = b.getInt();
      if (n < 0 || n > b.remaining()) {
        throw new TritonException(TritonException.Kind.REJECTED, "output '" + name + "' has an element of " + n + " bytes with " + b.remaining() + " left");
      }
      byte[] e = new byte[n];
      b.get(e);
      out.add(new String(e, StandardCharsets.UTF_8));
    }
    if (b.hasRemaining() || out.size() != elements()) {
      throw new TritonException(
          TritonException.Kind.REJECTED, "output '" + name + "' of shape " + Arrays.toString(shape) + " came with " + out.size() + " elements");
    }
    return out;
  }

  private long elements() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** The values of an FP32 tensor, row-major. */
  public float[] floats() {
    if (!"FP32".equals(datatype)) {
      throw new TritonException(TritonException.Kind.MODEL_MISMATCH, "output '" + name + "' is " + datatype + ", expected FP32");
    }
    FloatBuffer fb = data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    if (fb.remaining() != elements()) {
      throw new TritonException(
          TritonException.Kind.REJECTED,
          "output '" + name + "' of shape " + Arrays.toString(shape) + " came with " + fb.remaining() + " values");
    }
    float[] out = new float[fb.remaining()];
    fb.get(out);
    return out;
  }

  @Override
  public String toString() {
    return name + ":" + datatype + Arrays.toString(shape);
  }
}
