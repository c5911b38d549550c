package io.kampachi.client.cli;

import io.kampachi.client.config.ClientConfig;
import io.kampachi.common.crypto.CryptoException;
import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the fingerprint of a public key file, the value to pin as {@code server.fingerprint}. */
@Command(name = "key-fingerprint", description = "Print the fingerprint of an RSA public key PEM file.")
final class KeyFingerprintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--md5", description = "Print the MD5 form instead of SHA256.")
    boolean md5;

    @Override
    public Integer call() {
        RSAPublicKey key;
        try {
            key = PemFiles.readPublicKey(file);
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: cannot read " + file + ": " + ClientConfig.ioReason(e));
            return 1;
        } catch (CryptoException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println(md5 ? Fingerprints.md5Text(key) : Fingerprints.sha256Text(key));
        return 0;
    }
}
