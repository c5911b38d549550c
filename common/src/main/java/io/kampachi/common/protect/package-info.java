/**
 * Message protection of crypto suite 1: ESP padding, AES-256-CBC with a random IV per message,
 * HMAC-SHA1-96, message IDs with replay protection, for TCP records and UDP datagrams.
 *
 * <p>{@link io.kampachi.common.protect.MessageLayout} documents the byte layouts.
 * {@link io.kampachi.common.protect.MessageProtector} seals outgoing messages and
 * {@link io.kampachi.common.protect.MessageUnprotector} verifies and opens incoming ones. Each
 * instance handles one direction of one channel and belongs to one thread, typically the Vert.x
 * event loop of that channel.
 */
package io.kampachi.common.protect;
