package io.kampachi.common.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8 conversion. {@code new String(bytes, UTF_8)} and {@code String.getBytes(UTF_8)} replace malformed
 * input silently, so two parties could read different text from the same bytes. These methods reject it instead.
 */
final class Utf8 {

    private Utf8() {
    }

    /** Decodes well-formed UTF-8, or returns empty for overlong forms, encoded surrogates or cut sequences. */
    static Optional<String> decode(byte[] bytes, int offset, int length) {
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return Optional.of(text.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Returns true if the text has a high surrogate without a low one after it, or a low one without a high one. */
    static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Encodes text as UTF-8.
     *
     * @throws IllegalArgumentException if the text contains an unpaired surrogate, which has no UTF-8 form
     */
    static byte[] encode(String text, String field) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] result = new byte[bytes.remaining()];
            bytes.get(result);
            return result;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(field + " contains an unpaired surrogate, which has no UTF-8 form", e);
        }
    }
}
