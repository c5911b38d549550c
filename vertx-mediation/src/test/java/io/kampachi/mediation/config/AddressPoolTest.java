package io.kampachi.mediation.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressPoolTest {

    @Test
    void defaultPoolSkipsNetworkAndBroadcastAddresses() {
        AddressPool pool = AddressPool.parse("100.64.0.0/10");
        assertEquals((1L << 22) - 2, pool.usableSize());
        assertEquals("100.64.0.1", AddressPool.formatAddress(pool.addressAt(0)));
        assertEquals("100.127.255.254", AddressPool.formatAddress(pool.addressAt(pool.usableSize() - 1)));
        assertFalse(pool.containsUsable(AddressPool.parseAddress("100.64.0.0")));
        assertFalse(pool.containsUsable(AddressPool.parseAddress("100.127.255.255")));
        assertTrue(pool.containsUsable(AddressPool.parseAddress("100.100.1.1")));
    }

    @Test
    void addressesAboveTwoToTheThirtyFirstFormatUnsigned() {
        AddressPool pool = AddressPool.parse("203.0.113.0/30");
        assertEquals(2, pool.usableSize());
        assertEquals("203.0.113.2", AddressPool.formatAddress(pool.addressAt(1)));
        assertThrows(IndexOutOfBoundsException.class, () -> pool.addressAt(2));
    }

    @Test
    void malformedAddressesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> AddressPool.parseAddress("1.2.3"));
        assertThrows(IllegalArgumentException.class, () -> AddressPool.parseAddress("1.2.3.256"));
        assertThrows(IllegalArgumentException.class, () -> AddressPool.parseAddress("1.2.3.-4"));
        assertThrows(IllegalArgumentException.class, () -> AddressPool.parse("10.0.0.0/31"));
        assertThrows(IllegalArgumentException.class, () -> AddressPool.parse("10.0.0.0"));
    }

    @Test
    void nonCanonicalOctetsAreRejected() {
        // Character.isDigit and Integer.parseInt accept Arabic-Indic and full-width digits.
        assertThrows(IllegalArgumentException.class, () -> AddressPool.parseAddress("\u0661.2.3.4"));
        assertThrows(IllegalArgumentException.class, () -> AddressPool.parseAddress("\uFF11\uFF10.0.0.1"));
        // inet_aton reads a leading zero as octal, so 010 would be 8 there and 10 here.
        assertThrows(IllegalArgumentException.class, () -> AddressPool.parseAddress("010.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> AddressPool.parseAddress("10.0.0.01"));
        assertEquals("10.0.0.0", AddressPool.formatAddress(AddressPool.parseAddress("10.0.0.0")));
    }
}
