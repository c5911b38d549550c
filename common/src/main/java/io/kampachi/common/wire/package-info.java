/**
 * Kampachi wire codecs: the messages exchanged on the control connection and in unprotected UDP datagrams, with
 * their framing.
 *
 * <p>Every message is {@code type(1) | body}. {@link io.kampachi.common.wire.MessageType} lists the type bytes and
 * each {@link io.kampachi.common.wire.Message} implementation documents its body layout. Integers are unsigned and
 * big-endian. Containers:
 *
 * <pre>
 * TCP plain frame (HELO, HELO OK, HELO ERROR)   size(4) | type(1) | body
 * TCP protected record (everything after)       size(4) | messageId(4) | ciphertext | IV(16) | hmac(12)
 *                                               with plaintext type(1) | body | padding | padLength | nextHeader
 * UDP handshake datagram (KE1, KE2, KE3)        SPI(4) | 0(4) | type(1) | body
 * UDP probe datagram (PROBE, PROBE REPLY)       0(4)   | 0(4) | type(1) | body
 * </pre>
 *
 * <p>Login on the control connection:
 * <ol>
 *   <li>The client sends HELO. The server replies with HELO OK, or with HELO ERROR and closes.
 *   <li>Both sides derive keys, and every later frame is protected.
 *   <li>On first contact only, the client sends REGISTER and receives REGISTER OK.
 *   <li>The client sends AUTH and receives AUTH OK.
 *   <li>CONTROL messages carry requests, replies and events from then on.
 * </ol>
 * Between peers, the initiator sends KE1, the responder KE2, the initiator KE3, and the responder confirms with
 * protected traffic.
 *
 * <p>Decoders accept any bytes and never throw: they return {@link io.kampachi.common.wire.Decoded}, either the
 * message or a {@link io.kampachi.common.wire.DecodeError} whose kind tells truncation, trailing bytes, unknown or
 * wrong types, bad lengths, out-of-range values, bad UTF-8 and bad JSON apart. Constructors and encoders throw
 * {@link java.lang.IllegalArgumentException} for values that have no valid encoding, because those are programming
 * errors. Message protection itself lives in {@code io.kampachi.common.protect}.
 */
package io.kampachi.common.wire;
