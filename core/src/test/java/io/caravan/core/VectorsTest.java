package io.caravan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorsTest {

  private static IllegalStateException noDirection(double norm) {
    return new IllegalStateException("norm " + norm);
  }

  @Test
  void normalizeScalesToUnitLengthIntoANewArray() {
    float[] v = {3, 4};
    float[] u = Vectors.normalize(v, VectorsTest::noDirection);
    assertThat(u).containsExactly(0.6f, 0.8f);
    assertThat(v).containsExactly(3, 4);
    assertThat(Vectors.norm(v)).isEqualTo(5.0);
  }

  @Test
  void eachComponentIsDividedByTheDoubleNormAndRoundedOnce() {
    Random r = new Random(7);
    for (int t = 0; t < 200; t++) {
      float[] v = new float[384];
      double sum = 0;
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextGaussian() * 0.05);
        sum += (double) v[i] * v[i];
      }
      double norm = Math.sqrt(sum);
      float[] u = Vectors.normalize(v, VectorsTest::noDirection);
      for (int i = 0; i < v.length; i++) {
        assertThat(u[i]).isEqualTo((float) (v[i] / norm));
      }
      assertThat(Vectors.norm(u)).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void aVectorWithoutDirectionGetsTheCallersError() {
    assertThatThrownBy(() -> Vectors.normalize(new float[3], VectorsTest::noDirection)).isInstanceOf(IllegalStateException.class).hasMessage("norm 0.0");
    assertThatThrownBy(() -> Vectors.normalize(new float[] {1, Float.NaN}, VectorsTest::noDirection)).hasMessage("norm NaN");
    assertThatThrownBy(() -> Vectors.normalize(new float[] {1, Float.POSITIVE_INFINITY}, VectorsTest::noDirection)).hasMessage("norm Infinity");
  }
}
