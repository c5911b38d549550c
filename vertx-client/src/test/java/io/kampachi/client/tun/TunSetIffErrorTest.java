package io.kampachi.client.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tests the message of a failed {@code TUNSETIFF}. Needs no root. */
class TunSetIffErrorTest {

    @Test
    void busyErrorNamesTunName() {
        String message = LinuxTunDevice.tunSetIffError("kam0", LinuxTunDevice.EBUSY,
                "Device or resource busy (errno 16)");
        assertTrue(message.startsWith("ioctl TUNSETIFF kam0: Device or resource busy (errno 16)"), message);
        assertTrue(message.contains("kam0 is in use, probably by another Kampachi daemon"), message);
        assertTrue(message.contains("tun.name"), message);
    }

    @Test
    void otherErrorsStayPlain() {
        assertEquals("ioctl TUNSETIFF kam0: Operation not permitted (errno 1)",
                LinuxTunDevice.tunSetIffError("kam0", 1, "Operation not permitted (errno 1)"));
    }
}
