package io.kampachi.common.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks fingerprints of the fixed key fingerprint/rsa2048-public.pem against
 * fingerprint/expected-fingerprints.txt, which regenerate-expected.sh beside them fills from
 * {@code ssh-keygen -l -E md5} and {@code ssh-keygen -l -E sha256} (OpenSSH 9.2p1).
 */
class FingerprintsTest {

    private static RSAPublicKey key;
    private static Map<String, String> expected;

    @BeforeAll
    static void loadKeyAndExpectedValues() throws IOException, CryptoException, URISyntaxException {
        key = PemFiles.readPublicKey(Path.of(FingerprintsTest.class.getResource("/fingerprint/rsa2048-public.pem")
                .toURI()));
        expected = new HashMap<>();
        try (InputStream in = FingerprintsTest.class.getResourceAsStream("/fingerprint/expected-fingerprints.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int equals = line.indexOf('=');
                    expected.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        }
    }

    @Test
    void md5MatchesSshKeygen() {
        String sshKeygen = expected.get("md5");

        assertEquals(sshKeygen, Fingerprints.md5Text(key));
        assertEquals(sshKeygen.substring("MD5:".length()), Fingerprints.md5Hex(key));
        byte[] raw = HexFormat.ofDelimiter(":").parseHex(sshKeygen.substring("MD5:".length()));
        assertEquals(Fingerprints.MD5_LENGTH, raw.length);
        assertArrayEquals(raw, Fingerprints.md5(key));
    }

    @Test
    void sha256MatchesSshKeygen() {
        assertEquals(expected.get("sha256"), Fingerprints.sha256Text(key));
        assertEquals(32, Fingerprints.sha256(key).length);
    }

    @Test
    void blobIsTheSshRsaWireFormat() {
        byte[] blob = Fingerprints.sshPublicKeyBlob(key);

        // RFC 4253 section 6.6: string "ssh-rsa" (length 7) first.
        assertEquals("00000007" + HexFormat.of().formatHex("ssh-rsa".getBytes(StandardCharsets.US_ASCII)),
                HexFormat.of().formatHex(blob, 0, 11));
    }

    @Test
    void colonHexFormatsEdgeCases() {
        assertEquals("", Fingerprints.colonHex(new byte[0]));
        assertEquals("00:0f:f0:ff", Fingerprints.colonHex(new byte[] {0, 0x0f, (byte) 0xf0, (byte) 0xff}));
    }
}
