package io.kampachi.common.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SessionKeysTest {

    private static byte[] countingKeymat() {
        byte[] keymat = new byte[SessionKeys.KEYMAT_LENGTH];
        for (int i = 0; i < keymat.length; i++) {
            keymat[i] = (byte) i;
        }
        return keymat;
    }

    @Test
    void keymatIsSplitAtOffsets32And52And84() {
        byte[] keymat = countingKeymat();
        SessionKeys keys = SessionKeys.fromKeymat(keymat);

        assertArrayEquals(Arrays.copyOfRange(keymat, 0, 32), keys.initiatorToResponder().encryptionKey());
        assertArrayEquals(Arrays.copyOfRange(keymat, 32, 52), keys.initiatorToResponder().macKey());
        assertArrayEquals(Arrays.copyOfRange(keymat, 52, 84), keys.responderToInitiator().encryptionKey());
        assertArrayEquals(Arrays.copyOfRange(keymat, 84, 104), keys.responderToInitiator().macKey());
    }

    @Test
    void eachRoleSendsWithTheKeysThePeerReceivesWith() {
        SessionKeys keys = SessionKeys.fromKeymat(countingKeymat());

        assertSame(keys.initiatorToResponder(), keys.sending(Role.INITIATOR));
        assertSame(keys.initiatorToResponder(), keys.receiving(Role.RESPONDER));
        assertSame(keys.responderToInitiator(), keys.sending(Role.RESPONDER));
        assertSame(keys.responderToInitiator(), keys.receiving(Role.INITIATOR));
    }

    @Test
    void callerMayWipeKeymatAfterSplitting() {
        byte[] keymat = countingKeymat();
        SessionKeys keys = SessionKeys.fromKeymat(keymat);
        Arrays.fill(keymat, (byte) 0);

        assertArrayEquals(Arrays.copyOfRange(countingKeymat(), 0, 32), keys.initiatorToResponder().encryptionKey());
    }

    @Test
    void destroyWipesBothDirections() {
        SessionKeys keys = SessionKeys.fromKeymat(countingKeymat());
        DirectionKeys sending = keys.sending(Role.INITIATOR);
        assertFalse(keys.isDestroyed());

        keys.destroy();

        assertTrue(keys.isDestroyed());
        assertTrue(sending.isDestroyed());
        assertThrows(IllegalStateException.class, sending::encryptionKey);
        assertThrows(IllegalStateException.class, sending::macKey);
    }

    @Test
    void shortKeymatIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SessionKeys.fromKeymat(new byte[103]));
    }

    @Test
    void directionKeysRejectWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> new DirectionKeys(new byte[16], new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> new DirectionKeys(new byte[32], new byte[12]));
    }
}
