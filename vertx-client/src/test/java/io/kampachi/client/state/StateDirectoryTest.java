package io.kampachi.client.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {

    @TempDir
    Path temp;

    @Test
    void firstStartGeneratesAnOwnerOnlyKeyPairThatLaterStartsReuse() throws Exception {
        Path dir = temp.resolve("a/state");
        StateDirectory state = StateDirectory.open(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        KeyPair first = state.loadOrCreateKeyPair();
        Path privateFile = dir.resolve(StateDirectory.PRIVATE_KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)));
        assertEquals(2048, ((RSAPublicKey) first.getPublic()).getModulus().bitLength());

        KeyPair second = StateDirectory.open(dir).loadOrCreateKeyPair();
        assertArrayEquals(first.getPrivate().getEncoded(), second.getPrivate().getEncoded());
        assertArrayEquals(first.getPublic().getEncoded(), second.getPublic().getEncoded());
        assertEquals(first.getPublic(), PemFiles.readPublicKey(dir.resolve(StateDirectory.PUBLIC_KEY_FILE)));
    }

    @Test
    void openDirectoryIsNarrowedAndOpenKeyIsRejected() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("wide"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        StateDirectory state = StateDirectory.open(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        state.loadOrCreateKeyPair();
        Path key = dir.resolve(StateDirectory.PRIVATE_KEY_FILE);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, state::loadOrCreateKeyPair);
        assertTrue(e.getMessage().contains(StateDirectory.PRIVATE_KEY_FILE), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void corruptKeyNamesTheFile() throws Exception {
        StateDirectory state = StateDirectory.open(temp);
        Path key = temp.resolve(StateDirectory.PRIVATE_KEY_FILE);
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(IOException.class, state::loadOrCreateKeyPair);
        assertTrue(e.getMessage().contains(StateDirectory.PRIVATE_KEY_FILE), e.getMessage());
    }

    @Test
    void identityIsBoundToTheServerKey() throws Exception {
        StateDirectory state = StateDirectory.open(temp);
        assertFalse(state.identity("SHA256:x").isPresent());
        state.saveIdentity(0x64400001, "SHA256:x");
        assertEquals(OptionalInt.of(0x64400001), state.identity("SHA256:x"));
        assertFalse(state.identity("SHA256:other").isPresent());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(temp.resolve(StateDirectory.IDENTITY_FILE))));
    }

    @Test
    void pinnedFingerprintFormsMatch() throws Exception {
        KeyPair pair = StateDirectory.open(temp).loadOrCreateKeyPair();
        RSAPublicKey key = (RSAPublicKey) pair.getPublic();
        String sha = Fingerprints.sha256Text(key);
        assertTrue(sha.matches("SHA256:[A-Za-z0-9+/]{43}"), sha);
        String md5 = Fingerprints.md5Hex(key);
        assertTrue(md5.matches("([0-9a-f]{2}:){15}[0-9a-f]{2}"), md5);
        assertTrue(KeyFingerprints.matches(key, sha));
        assertTrue(KeyFingerprints.matches(key, "MD5:" + md5.toUpperCase()));
        assertTrue(KeyFingerprints.matches(key, md5));
        assertFalse(KeyFingerprints.matches(key, "SHA256:" + "A".repeat(43)));
        assertFalse(KeyFingerprints.matches(key, "00:" + md5.substring(3)));
    }
}
