package io.kampachi.mediation.keys;

import io.kampachi.mediation.config.ConfigException;
import io.kampachi.mediation.config.MediationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The server's RSA key pairs, loaded from PKCS#8 PEM files. Several keys allow rotation: HELO names
 * the key a client pinned, and the server answers with that one. The first key is the one new
 * clients should pin.
 *
 * <p>With {@code keys.generate} set, a missing first file gets a new 2048-bit key, written with
 * owner-only permissions. Loading and generating block and run before Vert.x starts.
 */
public final class ServerKeys {

    /** RSA modulus size of generated keys, fixed by crypto suite 1. */
    public static final int KEY_BITS = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(ServerKeys.class);
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private final List<ServerKey> keys;

    private ServerKeys(List<ServerKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Loads every configured key file, generating the first if it is missing and generation is on.
     *
     * @throws ConfigException naming {@code keys.files} if a file is missing, unreadable or not an RSA key
     */
    public static ServerKeys load(MediationConfig.Keys config) {
        List<ServerKey> loaded = new ArrayList<>();
        for (int i = 0; i < config.files().size(); i++) {
            Path file = config.files().get(i);
            String key = "keys.files[" + i + "]";
            if (!Files.exists(file)) {
                if (i == 0 && config.generate()) {
                    generate(file, key);
                } else {
                    throw new ConfigException(key, "key file " + file + " does not exist");
                }
            }
            loaded.add(read(file, key));
        }
        return new ServerKeys(loaded);
    }

    /** All keys, the preferred one first. */
    public List<ServerKey> all() {
        return keys;
    }

    /** The key new clients should pin. */
    public ServerKey primary() {
        return keys.get(0);
    }

    /** Returns the key whose MD5 fingerprint is {@code md5}, or empty if the server has no such key. */
    public Optional<ServerKey> byMd5(byte[] md5) {
        return keys.stream().filter(key -> Arrays.equals(key.md5(), md5)).findFirst();
    }

    private static void generate(Path file, String key) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS);
            KeyPair pair = generator.generateKeyPair();
            String pem = PEM_BEGIN + "\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pair.getPrivate().getEncoded())
                    + "\n" + PEM_END + "\n";
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = createOwnerOnly(file)) {
                out.write(pem.getBytes(StandardCharsets.US_ASCII));
            }
            LOG.info("server key generated file={} bits={}", file, KEY_BITS);
        } catch (FileAlreadyExistsException e) {
            LOG.info("server key appeared while generating, using it file={}", file);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key, "cannot generate key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static OutputStream createOwnerOnly(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // The permissions apply at creation, so the key is never readable by others, not even briefly.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }
        return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static ServerKey read(Path file, String key) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            int begin = text.indexOf(PEM_BEGIN);
            int end = text.indexOf(PEM_END);
            if (begin < 0 || end < begin) {
                throw new ConfigException(key, file + " is not a PEM file with a PKCS#8 \"PRIVATE KEY\" block");
            }
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + PEM_BEGIN.length(), end));
            KeyFactory factory = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!(privateKey instanceof RSAPrivateCrtKey)) {
                throw new ConfigException(key, file + " does not hold an RSA private key with CRT parameters");
            }
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
            if (crt.getModulus().bitLength() != KEY_BITS) {
                throw new ConfigException(key, file + " holds a " + crt.getModulus().bitLength()
                        + "-bit key (expected: " + KEY_BITS + ")");
            }
            PublicKey publicKey = factory.generatePublic(new RSAPublicKeySpec(crt.getModulus(),
                    crt.getPublicExponent()));
            return describe(file, new KeyPair(publicKey, privateKey));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(key, "cannot read key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ServerKey describe(Path file, KeyPair pair) {
        byte[] md5 = SshFingerprints.md5(pair.getPublic());
        return new ServerKey(file, pair, md5, SshFingerprints.md5Text(md5),
                SshFingerprints.sha256Text(pair.getPublic()));
    }
}
