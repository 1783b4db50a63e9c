package io.caravan.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule the fallback decorators share: which failures hand over, what is counted and reported. */
class FallbackTest {

  private final List<String> told = new ArrayList<>();
  private final Fallback fallback = new Fallback(UncheckedIOException.class::isInstance, (e, items) -> told.add(e.getMessage() + " x" + items));

  private static String down() {
    throw new UncheckedIOException("server down", new java.io.IOException("refused"));
  }

  @Test
  void theSecondaryIsNotAskedWhileThePrimaryAnswers() {
    assertThat(fallback.<String>call(() -> "primary", () -> {
      throw new AssertionError("the secondary must not run");
    }, 3)).isEqualTo("primary");
    assertThat(fallback.count()).isZero();
    assertThat(told).isEmpty();
  }

  @Test
  void aRecoverableFailureIsServedBySecondaryCountedAndReported() {
    assertThat(fallback.<String>call(FallbackTest::down, () -> "secondary", 3)).isEqualTo("secondary");
    assertThat(fallback.<String>call(FallbackTest::down, () -> "secondary", 2)).isEqualTo("secondary");
    assertThat(fallback.count()).isEqualTo(2);
    assertThat(told).containsExactly("server down x3", "server down x2");
  }

  @Test
  void anyOtherFailureReachesTheCallerAndIsNotCounted() {
    IllegalArgumentException bad = new IllegalArgumentException("text at position 0 is null or blank");
    assertThatThrownBy(() -> fallback.<String>call(() -> {
      throw bad;
    }, () -> "secondary", 1)).isSameAs(bad);
    assertThat(fallback.count()).isZero();
    assertThat(told).isEmpty();
  }

  @Test
  void whenBothFailTheSecondarysErrorCarriesThePrimarys() {
    IllegalStateException alsoDown = new IllegalStateException("in-process model failed");
    assertThatThrownBy(() -> fallback.<String>call(FallbackTest::down, () -> {
      throw alsoDown;
    }, 1)).isSameAs(alsoDown);
    assertThat(alsoDown.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("server down"));
    assertThat(fallback.count()).isEqualTo(1);
  }
}
