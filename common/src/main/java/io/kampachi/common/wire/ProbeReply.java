package io.kampachi.common.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.FAMILY_IPV4;
import static io.kampachi.common.wire.WireFormat.IPV4_ADDRESS_LENGTH;
import static io.kampachi.common.wire.WireFormat.PROBE_TOKEN_LENGTH;

/**
 * PROBE REPLY, the server's reply to a PROBE, sent in a datagram {@code 0(4) | 0(4) | type | body} from the probe
 * port. It echoes the token and reports the source address and port the server saw, which is the client's public
 * UDP mapping.
 *
 * <pre>
 * offset  length  field
 *      0       1  type = 0x31
 *      1      16  token
 *     17       1  family = 4 (IPv4)
 *     18       4  address
 *     22       2  port, 1 to 65535
 *     24          end
 * </pre>
 *
 * @param token   the token of the PROBE being answered, {@value WireFormat#PROBE_TOKEN_LENGTH} bytes
 * @param address the source address of the PROBE as the server saw it
 * @param port    the source port of the PROBE, 1 to 65535, because a UDP source port is never 0
 */
public record ProbeReply(byte[] token, Inet4Address address, int port) implements Message {

    /** Length of the body after the type byte. */
    public static final int BODY_LENGTH = PROBE_TOKEN_LENGTH + 1 + IPV4_ADDRESS_LENGTH + 2;

    /**
     * Creates a PROBE REPLY and copies the token.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the token is not 16 bytes or the port is outside 1..65535
     */
    public ProbeReply {
        token = Bytes.copyExact(token, PROBE_TOKEN_LENGTH, "token");
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port + " is out of range: expected 1..65535");
        }
    }

    /** Decodes a PROBE REPLY, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<ProbeReply> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.PROBE_REPLY, ProbeReply::decodeBody);
    }

    static Decoded<ProbeReply> decodeBody(WireReader body) {
        Optional<DecodeError> error = body.checkExactly(BODY_LENGTH, MessageType.PROBE_REPLY);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        byte[] token = body.readBytes(PROBE_TOKEN_LENGTH);
        int family = body.readUnsignedByte();
        if (family != FAMILY_IPV4) {
            return Decoded.failed(DecodeError.Kind.OUT_OF_RANGE,
                    "PROBE REPLY family " + family + " is not supported: expected " + FAMILY_IPV4);
        }
        Inet4Address address = toInet4Address(body.readBytes(IPV4_ADDRESS_LENGTH));
        int port = body.readUnsignedShort();
        if (port == 0) {
            return Decoded.failed(DecodeError.Kind.OUT_OF_RANGE,
                    "PROBE REPLY port 0 is out of range: expected 1..65535");
        }
        return Decoded.ok(new ProbeReply(token, address, port));
    }

    private static Inet4Address toInet4Address(byte[] address) {
        try {
            // Four bytes always give an Inet4Address, and getByAddress does no name lookup.
            return (Inet4Address) InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }

    @Override
    public MessageType type() {
        return MessageType.PROBE_REPLY;
    }

    @Override
    public byte[] encode() {
        return Messages.allocate(type(), BODY_LENGTH)
                .put(token)
                .put((byte) FAMILY_IPV4)
                .put(address.getAddress())
                .putShort((short) port)
                .array();
    }

    /** Returns a copy of the token. */
    @Override
    public byte[] token() {
        return token.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProbeReply that
                && Arrays.equals(token, that.token)
                && address.equals(that.address)
                && port == that.port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(token), address, port);
    }

    @Override
    public String toString() {
        return "ProbeReply[token=" + Bytes.show(token) + ", address=" + address.getHostAddress() + ", port=" + port
                + "]";
    }
}
