package io.kampachi.benchmarks;

import io.kampachi.common.crypto.DirectionKeys;
import io.kampachi.common.crypto.Role;
import io.kampachi.common.crypto.SessionKeys;
import io.kampachi.common.protect.EspPadding;
import io.kampachi.common.protect.MessageIdExhaustedException;
import io.kampachi.common.protect.MessageLayout;
import io.kampachi.common.protect.MessageProtector;
import io.kampachi.common.protect.MessageUnprotector;
import io.kampachi.common.protect.NextHeader;
import io.kampachi.common.protect.UnprotectResult;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Protection and unprotection of 1400-byte UDP datagrams on one thread, beside a baseline that
 * does the same work with direct JCE calls: a random IV, {@code Cipher.init} and {@code doFinal}
 * of AES/CBC/NoPadding, and HmacSHA1 over the same buffers.
 *
 * <p>Unprotect benchmarks read from a ring of {@value #RING_SIZE} datagrams with IDs 1 to
 * {@value #RING_SIZE} and copy each into a work buffer first, because decryption is in place. The
 * replay window refuses an ID twice, so {@link #unprotect()} starts a new unprotector each time the
 * ring wraps; that construction is part of its measured cost, spread over {@value #RING_SIZE}
 * datagrams.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class UdpProtectionBenchmark {

    static final int PAYLOAD_LENGTH = 1400;
    static final int RING_SIZE = 4096;
    private static final int SPI = 0x4b414d50;

    private DirectionKeys keys;
    private byte[] payload;
    private byte[] out;
    private byte[][] ring;
    private int ringIndex;
    private byte[] work;
    private MessageProtector protector;
    private MessageUnprotector unprotector;

    private SecretKeySpec aesKey;
    private Cipher encryptCipher;
    private Cipher decryptCipher;
    private Mac mac;
    private SecureRandom random;
    private final byte[] iv = new byte[MessageLayout.IV_LENGTH];
    private final byte[] fullTag = new byte[20];
    private final byte[] expectedTag = new byte[MessageLayout.MAC_LENGTH];
    private final byte[] receivedTag = new byte[MessageLayout.MAC_LENGTH];

    @Setup
    public void setUp() throws GeneralSecurityException, MessageIdExhaustedException {
        byte[] keymat = new byte[SessionKeys.KEYMAT_LENGTH];
        new SecureRandom().nextBytes(keymat);
        keys = SessionKeys.fromKeymat(keymat).sending(Role.INITIATOR);
        payload = new byte[PAYLOAD_LENGTH];
        new SecureRandom().nextBytes(payload);
        out = new byte[MessageLayout.protectedLength(PAYLOAD_LENGTH)];
        work = new byte[out.length];

        protector = MessageProtector.forUdp(keys, SPI);
        MessageProtector ringProtector = MessageProtector.forUdp(keys, SPI);
        ring = new byte[RING_SIZE][];
        for (int i = 0; i < RING_SIZE; i++) {
            ring[i] = ringProtector.protect(NextHeader.IPV4, payload);
        }
        unprotector = MessageUnprotector.forUdp(keys, SPI, NextHeader.PEER_TUNNEL);

        aesKey = new SecretKeySpec(keys.encryptionKey(), "AES");
        encryptCipher = Cipher.getInstance("AES/CBC/NoPadding");
        decryptCipher = Cipher.getInstance("AES/CBC/NoPadding");
        mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA1"));
        random = new SecureRandom();
    }

    @Benchmark
    public int protect() throws MessageIdExhaustedException {
        return protector.protectInto(NextHeader.IPV4, payload, 0, PAYLOAD_LENGTH, out, 0);
    }

    @Benchmark
    public int unprotect() {
        if (ringIndex == RING_SIZE) {
            ringIndex = 0;
            unprotector = MessageUnprotector.forUdp(keys, SPI, NextHeader.PEER_TUNNEL);
        }
        byte[] datagram = ring[ringIndex++];
        System.arraycopy(datagram, 0, work, 0, datagram.length);
        UnprotectResult result = unprotector.unprotectInPlace(work, 0, datagram.length);
        // payloadLength() throws on a rejection, so a broken setup cannot pass for a fast one.
        return result.payloadLength();
    }

    @Benchmark
    public int baselineProtect() throws GeneralSecurityException {
        int plaintext = MessageLayout.HEADER_LENGTH;
        System.arraycopy(payload, 0, out, plaintext, PAYLOAD_LENGTH);
        int padded = EspPadding.pad(out, plaintext, PAYLOAD_LENGTH, NextHeader.IPV4);
        random.nextBytes(iv);
        encryptCipher.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(iv));
        encryptCipher.doFinal(out, plaintext, padded, out, plaintext);
        int ivOffset = plaintext + padded;
        System.arraycopy(iv, 0, out, ivOffset, MessageLayout.IV_LENGTH);
        putInt(out, 0, SPI);
        putInt(out, 4, 1);
        int macOffset = ivOffset + MessageLayout.IV_LENGTH;
        mac.update(out, 0, macOffset);
        mac.doFinal(fullTag, 0);
        System.arraycopy(fullTag, 0, out, macOffset, MessageLayout.MAC_LENGTH);
        return macOffset + MessageLayout.MAC_LENGTH;
    }

    @Benchmark
    public int baselineUnprotect() throws GeneralSecurityException {
        if (ringIndex == RING_SIZE) {
            ringIndex = 0;
        }
        byte[] datagram = ring[ringIndex++];
        int length = datagram.length;
        System.arraycopy(datagram, 0, work, 0, length);
        int macOffset = length - MessageLayout.MAC_LENGTH;
        mac.update(work, 0, macOffset);
        mac.doFinal(fullTag, 0);
        System.arraycopy(fullTag, 0, expectedTag, 0, MessageLayout.MAC_LENGTH);
        System.arraycopy(work, macOffset, receivedTag, 0, MessageLayout.MAC_LENGTH);
        if (!MessageDigest.isEqual(expectedTag, receivedTag)) {
            throw new IllegalStateException("baseline datagram failed its HMAC");
        }
        int ivOffset = macOffset - MessageLayout.IV_LENGTH;
        int ciphertextLength = ivOffset - MessageLayout.HEADER_LENGTH;
        decryptCipher.init(Cipher.DECRYPT_MODE, aesKey, new IvParameterSpec(work, ivOffset, MessageLayout.IV_LENGTH));
        decryptCipher.doFinal(work, MessageLayout.HEADER_LENGTH, ciphertextLength, work, MessageLayout.HEADER_LENGTH);
        return EspPadding.unpad(work, MessageLayout.HEADER_LENGTH, ciphertextLength);
    }

    private static void putInt(byte[] buffer, int offset, int value) {
        buffer[offset] = (byte) (value >>> 24);
        buffer[offset + 1] = (byte) (value >>> 16);
        buffer[offset + 2] = (byte) (value >>> 8);
        buffer[offset + 3] = (byte) value;
    }
}
