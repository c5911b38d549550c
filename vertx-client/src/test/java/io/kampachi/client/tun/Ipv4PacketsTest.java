package io.kampachi.client.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Ipv4PacketsTest {

    private static byte[] header(int totalLength) {
        byte[] packet = new byte[Math.max(totalLength, 20)];
        packet[0] = 0x45;
        packet[2] = (byte) (totalLength >> 8);
        packet[3] = (byte) totalLength;
        packet[9] = 1;
        packet[12] = 100;
        packet[13] = 64;
        packet[15] = 1;
        packet[16] = 100;
        packet[17] = 64;
        packet[19] = 2;
        return packet;
    }

    @Test
    void headerFieldsAreRead() {
        byte[] packet = header(84);
        assertTrue(Ipv4Packets.isIpv4(packet, packet.length));
        assertEquals(Ipv4Packets.parse("100.64.0.1"), Ipv4Packets.source(packet));
        assertEquals(Ipv4Packets.parse("100.64.0.2"), Ipv4Packets.destination(packet));
        assertEquals(1, Ipv4Packets.protocol(packet));
        assertEquals(20, Ipv4Packets.headerLength(packet));
    }

    @Test
    void malformedHeadersAreRejected() {
        assertFalse(Ipv4Packets.isIpv4(new byte[19], 19));
        byte[] ipv6 = header(40);
        ipv6[0] = 0x60;
        assertFalse(Ipv4Packets.isIpv4(ipv6, ipv6.length));
        byte[] tooLong = header(84);
        assertFalse(Ipv4Packets.isIpv4(tooLong, 60));
        byte[] shortIhl = header(40);
        shortIhl[0] = 0x44;
        assertFalse(Ipv4Packets.isIpv4(shortIhl, shortIhl.length));
    }

    @Test
    void offsetVariantsReadInsideALargerBuffer() {
        byte[] packet = header(30);
        byte[] buffer = new byte[100];
        System.arraycopy(packet, 0, buffer, 50, 30);
        assertTrue(Ipv4Packets.isIpv4(buffer, 50, 30));
        assertEquals(Ipv4Packets.parse("100.64.0.1"), Ipv4Packets.source(buffer, 50));
    }

    @Test
    void addressesParseAndFormat() {
        assertEquals("203.0.113.61", Ipv4Packets.format(Ipv4Packets.parse("203.0.113.61")));
        assertEquals("255.255.255.255", Ipv4Packets.format(-1));
        for (String bad : new String[] {"1.2.3", "1.2.3.256", "a.b.c.d", "1..2.3", "1.2.3.4.5", "+1.2.3.4"}) {
            assertThrows(IllegalArgumentException.class, () -> Ipv4Packets.parse(bad), bad);
        }
    }

    @Test
    void checksumOfAValidHeaderIsZero() {
        byte[] packet = header(20);
        packet[8] = 64;
        int sum = Ipv4Packets.checksum(packet, 0, 20);
        packet[10] = (byte) (sum >> 8);
        packet[11] = (byte) sum;
        assertEquals(0, Ipv4Packets.checksum(packet, 0, 20));
    }

    @Test
    void defaultMtuLeavesRoomForTheWorstCaseDatagram() {
        assertEquals(1419, TunMtu.DEFAULT);
        int worstCiphertext = (TunMtu.DEFAULT + 2 + 15) / 16 * 16;
        assertTrue(20 + 8 + 4 + 4 + worstCiphertext + 16 + 12 <= 1500);
        assertEquals(TunMtu.DEFAULT, TunMtu.forPathMtu(1500));
    }
}
