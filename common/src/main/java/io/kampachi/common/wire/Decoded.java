package io.kampachi.common.wire;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The result of a decoder: either the decoded value or the reason the input was rejected. Decoders return this
 * instead of throwing, so a caller handles malformed input from the network as an ordinary outcome.
 *
 * <pre>{@code
 * Decoded<Message> decoded = Messages.decode(bytes);
 * if (decoded instanceof Decoded.Failed<Message> failed) {
 *     log.debug("Dropping malformed message: {}", failed.error());
 *     return;
 * }
 * Message message = decoded.value();
 * }</pre>
 *
 * @param <T> the decoded type
 */
public sealed interface Decoded<T> {

    /** Wraps a decoded value. */
    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    /** Wraps a rejection. */
    static <T> Decoded<T> failed(DecodeError error) {
        return new Failed<>(error);
    }

    /** Wraps a rejection made of its kind and message. */
    static <T> Decoded<T> failed(DecodeError.Kind kind, String message) {
        return new Failed<>(new DecodeError(kind, message));
    }

    /** Returns true if decoding succeeded. */
    boolean isOk();

    /**
     * Returns the decoded value.
     *
     * @throws NoSuchElementException if decoding failed, with the decode error as its message
     */
    T value();

    /**
     * Returns the reason decoding failed.
     *
     * @throws NoSuchElementException if decoding succeeded
     */
    DecodeError error();

    /** Applies {@code mapper} to a decoded value, and passes a failure through unchanged. */
    <U> Decoded<U> map(Function<? super T, ? extends U> mapper);

    /** A decoded value. */
    record Ok<T>(T value) implements Decoded<T> {

        /** @throws NullPointerException if {@code value} is null */
        public Ok {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public DecodeError error() {
            throw new NoSuchElementException("decoding succeeded, so there is no error");
        }

        @Override
        public <U> Decoded<U> map(Function<? super T, ? extends U> mapper) {
            return new Ok<>(mapper.apply(value));
        }
    }

    /** A rejected input. */
    record Failed<T>(DecodeError error) implements Decoded<T> {

        /** @throws NullPointerException if {@code error} is null */
        public Failed {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean isOk() {
            return false;
        }

        @Override
        public T value() {
            throw new NoSuchElementException(error.toString());
        }

        @Override
        public <U> Decoded<U> map(Function<? super T, ? extends U> mapper) {
            return new Failed<>(error);
        }
    }
}
