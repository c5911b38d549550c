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
import java.util.Arrays;
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
 * does the same cryptographic work with direct JCE calls on the same buffers: {@code Cipher.init}
 * with the message's IV and {@code doFinal} of AES/CBC/NoPadding, and HmacSHA1 with the tag
 * compared by {@link MessageDigest#isEqual}.
 *
 * <p>Both sides take IVs from a per-instance DRBG in batches of 256, as {@link MessageProtector}
 * does, so the comparison isolates the protection layer rather than the random generator;
 * {@link #ivFromDefaultSecureRandom()} shows what one default {@code SecureRandom} call per message
 * would add, and {@link #hmacOnly()} what HMAC-SHA1 alone costs for one datagram.
 *
 * <p>Unprotect benchmarks read from a ring of {@value #RING_SIZE} datagrams with IDs 1 to
 * {@value #RING_SIZE}. The replay window refuses an ID twice, so the unprotect benchmarks start a
 * new unprotector each time the ring wraps; that construction is part of their measured cost,
 * spread over {@value #RING_SIZE} datagrams.
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
    private static final int IV_BATCH_LENGTH = 4096;

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
    private SecureRandom drbg;
    private SecureRandom defaultRandom;
    private final byte[] ivBatch = new byte[IV_BATCH_LENGTH];
    private int ivBatchPosition = IV_BATCH_LENGTH;
    private final byte[] iv = new byte[MessageLayout.IV_LENGTH];
    private final byte[] fullTag = new byte[20];
    private final byte[] expectedTag = new byte[MessageLayout.MAC_LENGTH];
    private final byte[] receivedTag = new byte[MessageLayout.MAC_LENGTH];

    @Setup
    public void setUp() throws GeneralSecurityException, MessageIdExhaustedException {
        byte[] keymat = new byte[SessionKeys.KEYMAT_LENGTH];
        new SecureRandom().nextBytes(keymat);
        keys = SessionKeys.fromKeymat(keymat).sending(Role.INITIATOR);
        // Room behind the payload lets the baseline append the ESP trailer without a copy.
        payload = new byte[EspPadding.paddedLength(PAYLOAD_LENGTH)];
        new SecureRandom().nextBytes(payload);
        out = new byte[MessageLayout.protectedLength(PAYLOAD_LENGTH)];
        work = new byte[out.length];

        protector = MessageProtector.forUdp(keys, SPI);
        MessageProtector ringProtector = MessageProtector.forUdp(keys, SPI);
        ring = new byte[RING_SIZE][];
        for (int i = 0; i < RING_SIZE; i++) {
            ring[i] = ringProtector.protect(NextHeader.IPV4, Arrays.copyOf(payload, PAYLOAD_LENGTH));
        }
        unprotector = MessageUnprotector.forUdp(keys, SPI, NextHeader.PEER_TUNNEL);

        aesKey = new SecretKeySpec(keys.encryptionKey(), "AES");
        encryptCipher = Cipher.getInstance("AES/CBC/NoPadding");
        decryptCipher = Cipher.getInstance("AES/CBC/NoPadding");
        mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA1"));
        drbg = SecureRandom.getInstance("DRBG");
        defaultRandom = new SecureRandom();
    }

    @Benchmark
    public int protect() throws MessageIdExhaustedException {
        return protector.protectInto(NextHeader.IPV4, payload, 0, PAYLOAD_LENGTH, out, 0);
    }

    @Benchmark
    public int baselineProtect() throws GeneralSecurityException {
        int padded = EspPadding.pad(payload, 0, PAYLOAD_LENGTH, NextHeader.IPV4);
        if (ivBatchPosition == IV_BATCH_LENGTH) {
            drbg.nextBytes(ivBatch);
            ivBatchPosition = 0;
        }
        System.arraycopy(ivBatch, ivBatchPosition, iv, 0, MessageLayout.IV_LENGTH);
        ivBatchPosition += MessageLayout.IV_LENGTH;
        encryptCipher.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(iv));
        encryptCipher.doFinal(payload, 0, padded, out, MessageLayout.HEADER_LENGTH);
        int ivOffset = MessageLayout.HEADER_LENGTH + padded;
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
    public int unprotect() {
        byte[] datagram = nextDatagram(true);
        UnprotectResult result = unprotector.unprotectInto(datagram, 0, datagram.length, work, 0);
        // payloadLength() throws on a rejection, so a broken setup cannot pass for a fast one.
        return result.payloadLength();
    }

    @Benchmark
    public int unprotectInPlace() {
        byte[] datagram = nextDatagram(true);
        // Decryption overwrites the message, so each call works on a copy of the ring entry.
        System.arraycopy(datagram, 0, work, 0, datagram.length);
        return unprotector.unprotectInPlace(work, 0, datagram.length).payloadLength();
    }

    @Benchmark
    public int baselineUnprotect() throws GeneralSecurityException {
        byte[] datagram = nextDatagram(false);
        int macOffset = datagram.length - MessageLayout.MAC_LENGTH;
        mac.update(datagram, 0, macOffset);
        mac.doFinal(fullTag, 0);
        System.arraycopy(fullTag, 0, expectedTag, 0, MessageLayout.MAC_LENGTH);
        System.arraycopy(datagram, macOffset, receivedTag, 0, MessageLayout.MAC_LENGTH);
        if (!MessageDigest.isEqual(expectedTag, receivedTag)) {
            throw new IllegalStateException("baseline datagram failed its HMAC");
        }
        int ivOffset = macOffset - MessageLayout.IV_LENGTH;
        int ciphertextLength = ivOffset - MessageLayout.HEADER_LENGTH;
        IvParameterSpec ivSpec = new IvParameterSpec(datagram, ivOffset, MessageLayout.IV_LENGTH);
        decryptCipher.init(Cipher.DECRYPT_MODE, aesKey, ivSpec);
        decryptCipher.doFinal(datagram, MessageLayout.HEADER_LENGTH, ciphertextLength, work, 0);
        return EspPadding.unpad(work, 0, ciphertextLength);
    }

    @Benchmark
    public byte[] hmacOnly() throws GeneralSecurityException {
        mac.update(ring[0], 0, ring[0].length - MessageLayout.MAC_LENGTH);
        mac.doFinal(fullTag, 0);
        return fullTag;
    }

    @Benchmark
    public byte[] ivFromDefaultSecureRandom() {
        defaultRandom.nextBytes(iv);
        return iv;
    }

    private byte[] nextDatagram(boolean renewUnprotector) {
        if (ringIndex == RING_SIZE) {
            ringIndex = 0;
            if (renewUnprotector) {
                unprotector = MessageUnprotector.forUdp(keys, SPI, NextHeader.PEER_TUNNEL);
            }
        }
        return ring[ringIndex++];
    }

    private static void putInt(byte[] buffer, int offset, int value) {
        buffer[offset] = (byte) (value >>> 24);
        buffer[offset + 1] = (byte) (value >>> 16);
        buffer[offset + 2] = (byte) (value >>> 8);
        buffer[offset + 3] = (byte) value;
    }
}
