package io.kampachi.client.state;

import io.kampachi.client.tun.Ipv4Packets;
import io.kampachi.common.crypto.CryptoException;
import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.PemFiles;
import io.kampachi.common.crypto.RsaKeys;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's state directory: its RSA key pair and the Kampachi address that the server assigned.
 *
 * <pre>
 *   STATE_DIR/              0700
 *     client-key.pem        0600  RSA-2048 private key, PKCS#8 PEM, generated on first start
 *     client-pub.pem              the matching public key, SubjectPublicKeyInfo PEM
 *     identity.json         0600  {"address": "100.64.0.1", "server": "SHA256:..."} after the first login
 * </pre>
 */
public final class StateDirectory {

    public static final String PRIVATE_KEY_FILE = "client-key.pem";
    public static final String PUBLIC_KEY_FILE = "client-pub.pem";
    public static final String IDENTITY_FILE = "identity.json";

    private static final Logger LOG = LoggerFactory.getLogger(StateDirectory.class);
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path dir;

    private StateDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the directory, creating it (and missing parents) owner-only; an existing directory that others can
     * use is narrowed to 0700.
     *
     * @throws IOException if the directory cannot be created or its permissions cannot be set
     */
    public static StateDirectory open(Path dir) throws IOException {
        ensurePrivateDirectory(dir);
        return new StateDirectory(dir);
    }

    /** Creates {@code dir} with mode 0700 if it is missing, or narrows an existing one to 0700. */
    public static void ensurePrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(dir);
        if (!current.equals(OWNER_DIR)) {
            if (!current.equals(Set.of())) {
                LOG.info("Narrowing directory permissions: dir={} from={} to=rwx------", dir,
                        PosixFilePermissions.toString(current));
            }
            Files.setPosixFilePermissions(dir, OWNER_DIR);
        }
    }

    /** Returns the directory path. */
    public Path path() {
        return dir;
    }

    /**
     * Loads the client key pair, generating and storing a new RSA-2048 pair on first start.
     *
     * @throws IOException if a stored key cannot be read, is not RSA-2048, or is readable by others; the message
     *     names the file
     */
    public KeyPair loadOrCreateKeyPair() throws IOException {
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        if (!Files.exists(privateFile)) {
            return generateKeyPair(privateFile);
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(privateFile);
        if (!OWNER_FILE.containsAll(mode)) {
            throw new IOException(privateFile + ": private key is accessible to others (mode "
                    + PosixFilePermissions.toString(mode) + "); run chmod 600 on it");
        }
        KeyPair pair;
        try {
            pair = PemFiles.readKeyPair(privateFile);
        } catch (CryptoException e) {
            throw new IOException(privateFile + ": invalid client key: " + e.getMessage(), e);
        }
        LOG.info("Client key loaded: file={} fingerprint={}", privateFile,
                Fingerprints.sha256Text((RSAPublicKey) pair.getPublic()));
        return pair;
    }

    private KeyPair generateKeyPair(Path privateFile) throws IOException {
        KeyPair pair = RsaKeys.generate(new SecureRandom());
        PemFiles.writeKeyPair(privateFile, pair);
        Files.setPosixFilePermissions(privateFile, OWNER_FILE);
        PemFiles.writePublicKey(dir.resolve(PUBLIC_KEY_FILE), (RSAPublicKey) pair.getPublic());
        LOG.info("Client key generated: file={} fingerprint={}", privateFile,
                Fingerprints.sha256Text((RSAPublicKey) pair.getPublic()));
        return pair;
    }

    /**
     * Returns the Kampachi address stored after the first login, or empty if this client has not registered with
     * the server whose key fingerprint is {@code serverFingerprint}.
     *
     * @throws IOException if the identity file exists but cannot be read or parsed; the message names the file
     */
    public OptionalInt identity(String serverFingerprint) throws IOException {
        Path file = dir.resolve(IDENTITY_FILE);
        if (!Files.exists(file)) {
            return OptionalInt.empty();
        }
        try {
            JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
            if (!serverFingerprint.equals(json.getString("server"))) {
                LOG.info("Stored identity belongs to another server key; registering anew: file={}", file);
                return OptionalInt.empty();
            }
            return OptionalInt.of(Ipv4Packets.parse(json.getString("address", "")));
        } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
            throw new IOException(file + ": invalid identity file: " + e.getMessage(), e);
        }
    }

    /** Stores the address that the server assigned at registration. */
    public void saveIdentity(int address, String serverFingerprint) throws IOException {
        JsonObject json = new JsonObject().put("address", Ipv4Packets.format(address)).put("server", serverFingerprint);
        writePrivateFile(dir.resolve(IDENTITY_FILE), json.encodePrettily() + "\n");
    }

    /** Writes {@code text} to {@code target} through a 0600 temporary file and a rename. */
    private void writePrivateFile(Path target, String text) throws IOException {
        Path temp = Files.createTempFile(dir, ".tmp-", ".part", PosixFilePermissions.asFileAttribute(OWNER_FILE));
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
