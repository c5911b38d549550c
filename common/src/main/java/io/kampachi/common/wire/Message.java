package io.kampachi.common.wire;

/**
 * A Kampachi message: a type byte followed by a body whose layout the type fixes. Each implementation documents its
 * layout and is immutable. {@link Messages#decode(byte[])} decodes any message, and each type has a static
 * {@code decode} that accepts only its own type.
 */
public sealed interface Message
        permits Helo, HeloOk, HeloError, Register, RegisterOk, Auth, AuthOk, Ke1, Ke2, Ke3, Control, Probe,
        ProbeReply {

    /** Returns the message type, which is the first byte of {@link #encode()}. */
    MessageType type();

    /** Encodes the message as {@code type(1) | body}, without any frame or datagram header. */
    byte[] encode();
}
