package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.os.Errno;
import dev.hapair.vrrp.os.NativeException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Start-up failures an operator expects (privileges, interfaces) are one line with advice, not a stack trace. */
class DaemonProcessTest {
    @Test
    void aSystemCallFailureIsFoundBehindItsWrappers() {
        NativeException eperm = new NativeException("socket(AF_INET, SOCK_RAW, 112)", Errno.EPERM, "need CAP_NET_RAW");
        RuntimeException wrapped = new IllegalStateException("start", new UncheckedIOException(eperm));
        assertEquals(Optional.of(eperm), DaemonProcess.systemCallFailure(wrapped));
        assertEquals(Optional.empty(), DaemonProcess.systemCallFailure(new IllegalStateException("bug")));
        assertTrue(DaemonProcess.privilegeAdvice(eperm).contains("CAP_NET_RAW and CAP_NET_ADMIN"));
        assertEquals("", DaemonProcess.privilegeAdvice(new NativeException("if_nametoindex(eth9)", Errno.ENODEV, "")));
    }
}
