package io.kampachi.mediation.session;

import io.kampachi.common.crypto.CryptoException;
import io.kampachi.common.crypto.DhGroup14;
import io.kampachi.common.crypto.DhKeyPair;
import io.kampachi.common.crypto.Nonces;
import io.kampachi.common.crypto.Role;
import io.kampachi.common.crypto.RsaKeys;
import io.kampachi.common.crypto.SessionKeys;
import io.kampachi.common.protect.MessageIdExhaustedException;
import io.kampachi.common.protect.MessageProtector;
import io.kampachi.common.protect.MessageUnprotector;
import io.kampachi.common.protect.NextHeader;
import io.kampachi.common.protect.UnprotectResult;
import io.kampachi.common.wire.Auth;
import io.kampachi.common.wire.Message;
import io.kampachi.common.wire.Register;
import io.kampachi.common.wire.WireFormat;
import io.vertx.core.buffer.Buffer;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * The server's side of the crypto suite 1 login: the key agreement that HELO starts, the
 * signatures of REGISTER, AUTH and AUTH OK, and the record protection of the connection. The
 * server is the responder; the client is the initiator.
 *
 * <p>{@link #respond} and the signature methods cost a 2048-bit modular exponentiation each, so
 * the session calls them on worker threads. A {@link Channel} belongs to the session's event loop.
 */
final class LoginCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SUITE_BYTE = {(byte) WireFormat.SUITE_1};

    private LoginCrypto() {
    }

    /** A record that cannot be opened or sealed. */
    static final class RecordException extends Exception {
        RecordException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Protection of one control connection: records the server sends with the responder's keys,
     * records it receives checked against the initiator's keys with strictly increasing ids.
     */
    static final class Channel {

        private final MessageProtector protector;
        private final MessageUnprotector unprotector;

        Channel(SessionKeys keys) {
            protector = MessageProtector.forTcp(keys.sending(Role.RESPONDER));
            unprotector = MessageUnprotector.forTcp(keys.receiving(Role.RESPONDER), NextHeader.CLIENT_SERVER);
        }

        /** Protects a message as one TCP record, size field included. */
        Buffer seal(Message message) throws RecordException {
            try {
                return Buffer.buffer(protector.protect(NextHeader.CONTROL, message.encode()));
            } catch (MessageIdExhaustedException e) {
                throw new RecordException("message ids exhausted");
            }
        }

        /**
         * Verifies and decrypts one TCP record, size field included. Returns {@code type | body},
         * or {@code null} for a keep-alive record (next header 59), whose payload is ignored.
         */
        Buffer open(Buffer record) throws RecordException {
            UnprotectResult result = unprotector.unprotect(record.getBytes());
            if (!result.isOk()) {
                throw new RecordException(result.reason().name());
            }
            return result.nextHeader() == NextHeader.DUMMY ? null : Buffer.buffer(result.payload());
        }
    }

    /** The server's half of the key agreement and the channel it yields. */
    record Agreement(byte[] nr, byte[] gr, Channel channel) {
    }

    /**
     * Computes the server's reply to a HELO: draws {@code Nr} and a Diffie-Hellman key pair, computes {@code K} with
     * {@code Gi} and derives the session keys.
     *
     * @throws CryptoException if {@code Gi} lies outside {@code [2, p-2]}
     */
    static Agreement respond(byte[] ni, byte[] gi) throws CryptoException {
        DhGroup14.decodePublicValue(gi);
        DhKeyPair pair = DhGroup14.generateKeyPair(RANDOM);
        byte[] secret = pair.agree(gi);
        byte[] nr = Nonces.generate(RANDOM);
        SessionKeys keys = SessionKeys.derive(secret, ni, nr);
        Arrays.fill(secret, (byte) 0);
        try {
            return new Agreement(nr, pair.publicValue(), new Channel(keys));
        } finally {
            keys.destroy();
        }
    }

    /** Checks REGISTER's proof of possession: a signature over {@code suite | Ni | Nr | Gi | Gr | publicKey}. */
    static boolean verifyRegister(RSAPublicKey key, Register register, byte[] ni, byte[] nr, byte[] gi, byte[] gr) {
        return RsaKeys.verify(key, register.signature(), SUITE_BYTE, ni, nr, gi, gr, register.publicKey());
    }

    /**
     * Checks AUTH: a signature over {@code suite | Ni | Nr | Gi | Gr}. Because {@code Nr} and
     * {@code Gr} are fresh on every connection, an AUTH captured from another session never verifies.
     */
    static boolean verifyAuth(RSAPublicKey key, Auth auth, byte[] ni, byte[] nr, byte[] gi, byte[] gr) {
        return RsaKeys.verify(key, auth.signature(), SUITE_BYTE, ni, nr, gi, gr);
    }

    /** Signs AUTH OK's {@code Nr | Ni | Gr | Gi} with the server key that HELO named. */
    static byte[] signAuthOk(PrivateKey serverKey, byte[] ni, byte[] nr, byte[] gi, byte[] gr)
            throws CryptoException {
        return RsaKeys.sign(serverKey, nr, ni, gr, gi);
    }
}
