package io.kampachi.mediation.control;

import java.text.Normalizer;

/**
 * Checks for text that other clients show to people: network names and nicknames. Invisible characters and other
 * spellings of the same text are rejected, so that they cannot make one name pass for another.
 *
 * <p>NOTE: look-alike letters of different scripts, such as Cyrillic {@code а} and Latin {@code a}, still pass. A
 * confusables check (Unicode Technical Standard #39) would catch them.
 */
public final class DisplayText {

    private DisplayText() {
    }

    /**
     * Tells whether {@code text} is safe to show: not empty, without surrounding white space, in Unicode normalization
     * form {@code form}, and without control, format (bidirectional overrides, zero-width characters), surrogate,
     * private-use, unassigned, line-separator or paragraph-separator characters.
     */
    public static boolean isAcceptable(String text, Normalizer.Form form) {
        if (text.isEmpty() || !text.strip().equals(text) || !Normalizer.isNormalized(text, form)) {
            return false;
        }
        return text.codePoints().noneMatch(DisplayText::isHidden);
    }

    private static boolean isHidden(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return true;
            default:
                return false;
        }
    }
}
