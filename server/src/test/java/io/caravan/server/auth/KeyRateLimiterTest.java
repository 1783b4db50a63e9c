package io.caravan.server.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.server.ApiException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyRateLimiterTest {

  private static final Principal A = new Principal("a", "t", Set.of(Scope.QUERY), Set.of());
  private static final Principal B = new Principal("b", "t", Set.of(Scope.QUERY), Set.of());

  @Test
  void aBucketPerKeyRefilledAtTheRateWithOneSecondOfBurst() {
    AtomicLong now = new AtomicLong();
    KeyRateLimiter limiter = new KeyRateLimiter(4, now::get);
    for (int i = 0; i < 4; i++) {
      limiter.take(A);
    }
    assertThatThrownBy(() -> limiter.take(A))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(429);
          org.assertj.core.api.Assertions.assertThat(e.headers()).containsEntry("Retry-After", "1");
        });
    assertThatCode(() -> limiter.take(B)).as("another key has its own bucket").doesNotThrowAnyException();
    now.addAndGet(250_000_000L); // a quarter second: one token
    limiter.take(A);
    assertThatThrownBy(() -> limiter.take(A)).isInstanceOf(ApiException.class);
    now.addAndGet(60_000_000_000L); // a minute: the bucket holds one second's worth, not sixty
    for (int i = 0; i < 4; i++) {
      limiter.take(A);
    }
    assertThatThrownBy(() -> limiter.take(A)).isInstanceOf(ApiException.class);
    for (int i = 0; i < 100; i++) {
      limiter.take(Principal.LOCAL);
    }
  }
}
