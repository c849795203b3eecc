package dev.jitbroker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DispatcherLeaseTest {

  @Test
  void lease_whenUnset_isTwiceTheTimeoutPlusThirtySeconds() {
    assertEquals(Duration.ofSeconds(50), Dispatcher.lease(Optional.empty(), Duration.ofSeconds(10)));
  }

  @Test
  void lease_whenSet_isTakenAsGiven() {
    assertEquals(Duration.ofSeconds(3), Dispatcher.lease(Optional.of(Duration.ofSeconds(3)), Duration.ofSeconds(2)));
  }

  @Test
  void lease_whenNotLongerThanTheTimeout_isRefusedWithBothSettingsNamed() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Dispatcher.lease(Optional.of(Duration.ofSeconds(2)), Duration.ofSeconds(2)));
    assertTrue(e.getMessage().contains("jit.notify.lease") && e.getMessage().contains("jit.notify.timeout"), e.getMessage());
  }
}
