package io.caravan.connectors.triton;

import com.google.protobuf.ByteString;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/** One response tensor as the server returned it in {@code raw_output_contents}. */
public record OutputTensor(String name, String datatype, long[] shape, ByteString data) {

  public OutputTensor {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The values of an FP32 tensor, row-major. */
  public float[] floats() {
    if (!"FP32".equals(datatype)) {
      throw new TritonException(TritonException.Kind.MODEL_MISMATCH, "output '" + name + "' is " + datatype + ", expected FP32");
    }
    FloatBuffer fb = data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (fb.remaining() != n) {
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
