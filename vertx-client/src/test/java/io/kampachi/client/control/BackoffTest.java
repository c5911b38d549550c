package io.kampachi.client.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleWithinJitterAndStopAtTheCap() {
        Backoff backoff = new Backoff(500, 30_000);
        long[] ceilings = {500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000};
        for (long ceiling : ceilings) {
            long delay = backoff.nextDelayMillis();
            assertTrue(delay >= ceiling / 2, "delay " + delay + " below half of " + ceiling);
            assertTrue(delay <= ceiling, "delay " + delay + " above " + ceiling);
        }
        assertEquals(ceilings.length, backoff.attempts());
    }

    @Test
    void resetStartsOver() {
        Backoff backoff = new Backoff(100, 1000);
        for (int i = 0; i < 50; i++) {
            backoff.nextDelayMillis();
        }
        backoff.reset();
        assertEquals(0, backoff.attempts());
        assertTrue(backoff.nextDelayMillis() <= 100);
    }

    @Test
    void jitterSpreadsTheDelays() {
        Backoff backoff = new Backoff(10_000, 10_000);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 200; i++) {
            long delay = backoff.nextDelayMillis();
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertTrue(max - min > 1000, "delays between " + min + " and " + max);
    }

    @Test
    void invalidBoundsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 10));
    }
}
