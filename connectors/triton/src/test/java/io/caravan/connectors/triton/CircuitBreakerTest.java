package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final AtomicLong now = new AtomicLong();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(2), now::get);

  @Test
  void opensAfterThresholdFailuresInARowAndRefusesUntilTheOpenTimeHasPassed() {
    for (int i = 0; i < 2; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.onFailure();
    }
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    breaker.tryAcquire();
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    now.addAndGet(Duration.ofMillis(1999).toNanos());
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void aSuccessResetsTheCount() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void halfOpenLetsOneProbeThroughWhoseOutcomeDecides() {
    open();
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).as("the probe").isTrue();
    assertThat(breaker.tryAcquire()).as("a second caller while probing").isFalse();
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void aNeutralOutcomeFreesTheProbeSlot() {
    open();
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onNeutral();
    assertThat(breaker.tryAcquire()).isTrue();
  }

  private void open() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure();
    }
  }
}
