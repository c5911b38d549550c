package io.kampachi.client.tunnel;

import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crypto suite 1 as the peer tunnels use it: Diffie-Hellman over the 2048-bit MODP group (RFC 3526 group 14),
 * KEYMAT from HMAC-SHA1, AES-256-CBC with ESP padding and HMAC-SHA1-96, RSA PKCS#1 v1.5 SHA-1 signatures.
 */
public final class TunnelCrypto {

    /** RFC 3526 group 14 prime, generator 2. */
    public static final BigInteger P = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
            + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
            + "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
            + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
            + "15728E5A8AACAA68FFFFFFFFFFFFFFFF", 16);
    public static final BigInteger G = BigInteger.TWO;
    public static final int NONCE_LENGTH = 128;
    public static final int DH_LENGTH = 256;
    public static final int KEYMAT_LENGTH = 2 * (32 + 20);

    private static final SecureRandom RANDOM = new SecureRandom();

    private TunnelCrypto() {
    }

    /** One side's Diffie-Hellman key pair and nonce. */
    public record Ephemeral(BigInteger privateValue, byte[] publicValue, byte[] nonce) {
    }

    /** Draws a fresh nonce and DH key pair. */
    public static Ephemeral ephemeral() {
        BigInteger x = new BigInteger(2 * 256, RANDOM).mod(P.subtract(BigInteger.valueOf(3))).add(BigInteger.TWO);
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return new Ephemeral(x, fixed(G.modPow(x, P)), nonce);
    }

    /**
     * Computes the shared secret K with the peer's public value.
     *
     * @throws GeneralSecurityException if the peer's value lies outside {@code [2, p-2]}
     */
    public static byte[] agree(Ephemeral mine, byte[] peerPublic) throws GeneralSecurityException {
        BigInteger y = new BigInteger(1, peerPublic);
        if (y.compareTo(BigInteger.TWO) < 0 || y.compareTo(P.subtract(BigInteger.TWO)) > 0) {
            throw new GeneralSecurityException("DH public value outside [2, p-2]");
        }
        return fixed(y.modPow(mine.privateValue(), P));
    }

    /** Derives {@code length} bytes of KEYMAT: T1 = prf(K, Ni|Nr|1), Tn = prf(K, Tn-1|Ni|Nr|n). */
    public static byte[] keymat(byte[] secret, byte[] ni, byte[] nr, int length) throws GeneralSecurityException {
        Mac prf = Mac.getInstance("HmacSHA1");
        prf.init(new SecretKeySpec(secret, "HmacSHA1"));
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        int filled = 0;
        for (int n = 1; filled < length; n++) {
            prf.update(previous);
            prf.update(ni);
            prf.update(nr);
            prf.update((byte) n);
            previous = prf.doFinal();
            int take = Math.min(previous.length, length - filled);
            System.arraycopy(previous, 0, out, filled, take);
            filled += take;
        }
        return out;
    }

    /** Signs the concatenation of {@code parts} with RSA PKCS#1 v1.5 over SHA-1. */
    public static byte[] sign(PrivateKey key, byte[]... parts) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA1withRSA");
        signature.initSign(key);
        for (byte[] part : parts) {
            signature.update(part);
        }
        return signature.sign();
    }

    /** Verifies a signature over the concatenation of {@code parts}; false on any failure. */
    public static boolean verify(PublicKey key, byte[] signatureBytes, byte[]... parts) {
        try {
            Signature signature = Signature.getInstance("SHA1withRSA");
            signature.initVerify(key);
            for (byte[] part : parts) {
                signature.update(part);
            }
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Builds the tunnel cipher from KEYMAT for one side. */
    static TunnelCipher cipher(byte[] keymat, boolean initiator, int outboundSpi) {
        byte[] initiatorEnc = Arrays.copyOfRange(keymat, 0, 32);
        byte[] initiatorMac = Arrays.copyOfRange(keymat, 32, 52);
        byte[] responderEnc = Arrays.copyOfRange(keymat, 52, 84);
        byte[] responderMac = Arrays.copyOfRange(keymat, 84, 104);
        return initiator
                ? new Cbc(outboundSpi, initiatorEnc, initiatorMac, responderEnc, responderMac)
                : new Cbc(outboundSpi, responderEnc, responderMac, initiatorEnc, initiatorMac);
    }

    private static byte[] fixed(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[DH_LENGTH];
        int copy = Math.min(raw.length, DH_LENGTH);
        System.arraycopy(raw, raw.length - copy, out, DH_LENGTH - copy, copy);
        return out;
    }

    /** AES-256-CBC with ESP padding, HMAC-SHA1-96 and a 2048-message replay window. */
    private static final class Cbc implements TunnelCipher {

        private static final int IV = 16;
        private static final int TAG = 12;
        private static final int WINDOW = 2048;

        private final int outboundSpi;
        private final SecretKeySpec sendKey;
        private final SecretKeySpec sendMacKey;
        private final SecretKeySpec receiveKey;
        private final SecretKeySpec receiveMacKey;
        private long nextSendId = 1;
        private long highestReceived;
        private final long[] window = new long[WINDOW / 64];

        Cbc(int outboundSpi, byte[] sendEnc, byte[] sendMac, byte[] receiveEnc, byte[] receiveMac) {
            this.outboundSpi = outboundSpi;
            this.sendKey = new SecretKeySpec(sendEnc, "AES");
            this.sendMacKey = new SecretKeySpec(sendMac, "HmacSHA1");
            this.receiveKey = new SecretKeySpec(receiveEnc, "AES");
            this.receiveMacKey = new SecretKeySpec(receiveMac, "HmacSHA1");
        }

        @Override
        public Buffer seal(int nextHeader, byte[] payload, int offset, int length) {
            if (nextSendId > 0xffffffffL) {
                throw new IllegalStateException("message IDs exhausted");
            }
            int padded = (length + 2 + 15) / 16 * 16;
            byte[] plain = Arrays.copyOfRange(payload, offset, offset + padded);
            int padLength = padded - length - 2;
            for (int i = 0; i < padLength; i++) {
                plain[length + i] = (byte) (i + 1);
            }
            plain[padded - 2] = (byte) padLength;
            plain[padded - 1] = (byte) nextHeader;
            try {
                byte[] iv = new byte[IV];
                RANDOM.nextBytes(iv);
                Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, sendKey, new IvParameterSpec(iv));
                byte[] ciphertext = cipher.doFinal(plain);
                Buffer out = Buffer.buffer(8 + padded + IV + TAG);
                out.appendInt(outboundSpi).appendInt((int) nextSendId++).appendBytes(ciphertext).appendBytes(iv);
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(sendMacKey);
                mac.update(out.getBytes());
                out.appendBytes(mac.doFinal(), 0, TAG);
                return out;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES or HMAC unavailable", e);
            }
        }

        @Override
        public Opened open(Buffer datagram) throws OpenException {
            int length = datagram.length();
            int cipherLength = length - 8 - IV - TAG;
            if (cipherLength < 16 || cipherLength % 16 != 0) {
                throw new OpenException(DropReason.BAD_AUTH, "length " + length);
            }
            long id = datagram.getUnsignedInt(4);
            try {
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(receiveMacKey);
                byte[] bytes = datagram.getBytes();
                mac.update(bytes, 0, length - TAG);
                byte[] tag = Arrays.copyOf(mac.doFinal(), TAG);
                if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(bytes, length - TAG, length))) {
                    throw new OpenException(DropReason.BAD_AUTH, "hmac");
                }
                if (!replayCheck(id)) {
                    throw new OpenException(DropReason.REPLAY, "message id " + id);
                }
                Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, receiveKey,
                        new IvParameterSpec(bytes, 8 + cipherLength, IV));
                byte[] plain = cipher.doFinal(bytes, 8, cipherLength);
                int nextHeader = plain[cipherLength - 1] & 0xff;
                int padLength = plain[cipherLength - 2] & 0xff;
                int payloadLength = cipherLength - 2 - padLength;
                if (payloadLength < 0) {
                    throw new OpenException(DropReason.BAD_AUTH, "padding");
                }
                for (int i = 0; i < padLength; i++) {
                    if (plain[payloadLength + i] != (byte) (i + 1)) {
                        throw new OpenException(DropReason.BAD_AUTH, "padding");
                    }
                }
                accept(id);
                return new Opened(nextHeader, Arrays.copyOf(plain, payloadLength));
            } catch (GeneralSecurityException e) {
                throw new OpenException(DropReason.BAD_AUTH, e.getMessage());
            }
        }

        private boolean replayCheck(long id) {
            if (id == 0) {
                return false;
            }
            if (id > highestReceived) {
                return true;
            }
            if (highestReceived - id >= WINDOW) {
                return false;
            }
            int bit = (int) (id % WINDOW);
            return (window[bit / 64] & 1L << (bit % 64)) == 0;
        }

        private void accept(long id) {
            if (id > highestReceived) {
                long shift = Math.min(id - highestReceived, WINDOW);
                for (long i = 1; i <= shift; i++) {
                    int bit = (int) ((highestReceived + i) % WINDOW);
                    window[bit / 64] &= ~(1L << (bit % 64));
                }
                highestReceived = id;
            }
            int bit = (int) (id % WINDOW);
            window[bit / 64] |= 1L << (bit % 64);
        }
    }
}
