package io.kampachi.common.protect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SlidingWindowCheckTest {

    private final SlidingWindowCheck window = new SlidingWindowCheck();

    private void accept(long id) {
        assertNull(window.check(id), "ID " + id + " should be acceptable");
        window.accept(id);
    }

    @Test
    void eachIdIsAcceptedOnce() {
        accept(1);
        accept(2);

        assertEquals(RejectReason.REPLAYED, window.check(1));
        assertEquals(RejectReason.REPLAYED, window.check(2));
    }

    @Test
    void windowCovers2048IdsCountingTheHighest() {
        accept(5000);

        assertNull(window.check(5000 - 2047));
        assertEquals(RejectReason.TOO_OLD, window.check(5000 - 2048));
    }

    @Test
    void unseenIdsInsideTheWindowAreAcceptedOnceInAnyOrder() {
        accept(3000);
        for (long id = 2999; id > 3000 - 2048; id -= 3) {
            accept(id);
        }
        for (long id = 2999; id > 3000 - 2048; id -= 3) {
            assertEquals(RejectReason.REPLAYED, window.check(id));
        }
        assertNull(window.check(2998));
    }

    @Test
    void bitsReusedAfterTheWindowMovesStartClear() {
        accept(100);
        // 100 + 4096 maps to the same bit of the ring as 100.
        accept(100 + 4096);

        assertNull(window.check(100 + 4096 - 1));
        assertEquals(RejectReason.REPLAYED, window.check(100 + 4096));
        assertEquals(RejectReason.TOO_OLD, window.check(100));
    }

    @Test
    void smallStepsClearOnlyTheBlocksEntered() {
        for (long id = 1; id <= 10_000; id++) {
            accept(id);
            if (id > 2048) {
                assertEquals(RejectReason.REPLAYED, window.check(id - 2047));
                assertEquals(RejectReason.TOO_OLD, window.check(id - 2048));
            }
        }
    }

    @Test
    void jumpsBeyondTheRingClearEverything() {
        for (long id = 1; id <= 2048; id++) {
            accept(id);
        }
        accept(1_000_000);

        for (long id = 1_000_000 - 2047; id < 1_000_000; id++) {
            assertNull(window.check(id));
        }
    }

    @Test
    void theLastMessageIdIsAccepted() {
        accept(1);
        accept(MessageLayout.MAX_MESSAGE_ID);

        assertEquals(RejectReason.REPLAYED, window.check(MessageLayout.MAX_MESSAGE_ID));
        assertNull(window.check(MessageLayout.MAX_MESSAGE_ID - 1));
    }
}
