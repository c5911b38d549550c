package io.kampachi.client.tun;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls that a TUN device needs, bound through JNA.
 *
 * <p>{@code open}, {@code read}, {@code write}, {@code poll} and {@code close} use direct mapping, which is
 * the cheapest JNA call path. {@code ioctl} is variadic, so it goes through an interface mapping instead.
 */
final class LinuxLibc {

    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final short POLLIN = 0x0001;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LinuxLibc() {
    }

    static native int open(String path, int flags);

    static native int close(int fd);

    static native NativeLong read(int fd, Pointer buffer, NativeLong count);

    static native NativeLong write(int fd, Pointer buffer, NativeLong count);

    static native int poll(Pointer fds, NativeLong count, int timeoutMillis);

    static native Pointer strerror(int errno);

    /** Returns the text of an errno value, for messages. */
    static String describe(int errno) {
        Pointer text = strerror(errno);
        return (text == null ? "errno" : text.getString(0)) + " (errno " + errno + ")";
    }

    /** The variadic {@code ioctl}, through an interface mapping. */
    interface Ioctl extends Library {
        Ioctl INSTANCE = Native.load(Platform.C_LIBRARY_NAME, Ioctl.class);

        int ioctl(int fd, NativeLong request, Pointer argument);
    }
}
