package io.kampachi.mediation.session;

import io.vertx.core.buffer.Buffer;

import java.security.PrivateKey;
import java.security.PublicKey;

/** Crypto steps of the server side of the login. */
final class LoginCrypto {

    static final int SUITE = 1;

    private LoginCrypto() {
    }

    /** A record that fails authentication, replay or padding checks. */
    static final class RecordException extends Exception {
        RecordException(String message) {
            super(message, null, false, false);
        }
    }

    /** Protection of the records of one control connection, server side. */
    interface Channel {
        Buffer seal(Buffer typeAndBody);

        Buffer open(Buffer record) throws RecordException;
    }

    record Agreement(byte[] nr, byte[] gr, Channel channel) {
    }

    static Agreement respond(byte[] ni, byte[] gi) {
        throw new IllegalStateException("not available");
    }

    static PublicKey parsePublicKey(byte[] der) throws LoginMessages.MalformedException {
        throw new LoginMessages.MalformedException("not available");
    }

    static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        return false;
    }

    static byte[] sign(PrivateKey key, byte[] data) {
        throw new IllegalStateException("not available");
    }

    static String fingerprint(PublicKey key) {
        return "";
    }

    static byte[] registerSignedData(byte[] ni, byte[] nr, byte[] gi, byte[] gr, byte[] publicKey) {
        return new byte[0];
    }

    static byte[] authSignedData(byte[] ni, byte[] nr, byte[] gi, byte[] gr) {
        return new byte[0];
    }

    static byte[] authOkSignedData(byte[] ni, byte[] nr, byte[] gi, byte[] gr) {
        return new byte[0];
    }
}
