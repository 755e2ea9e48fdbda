package dev.hapair.vrrp.os;

import java.io.IOException;
import java.util.Optional;

/**
 * A failed system call or a negative netlink acknowledgement, carrying errno so callers can react to
 * specific cases ({@link #errno()} == {@link Errno#EEXIST}) while the message stays readable for
 * operators: {@code socket(AF_INET, SOCK_RAW, 112): EPERM (Operation not permitted): need CAP_NET_RAW}.
 */
public class NativeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;
    private final String kernelMessage;

    public NativeException(String operation, int errno, String hint, String kernelMessage) {
        super(format(operation, errno, hint, kernelMessage));
        this.operation = operation;
        this.errno = errno;
        this.kernelMessage = kernelMessage;
    }

    public NativeException(String operation, int errno, String hint) {
        this(operation, errno, hint, null);
    }

    private static String format(String operation, int errno, String hint, String kernelMessage) {
        StringBuilder sb = new StringBuilder(operation).append(": ").append(Errno.describe(errno));
        if (kernelMessage != null && !kernelMessage.isEmpty()) {
            sb.append(": kernel says '").append(kernelMessage).append('\'');
        }
        if (hint != null && !hint.isEmpty()) {
            sb.append(": ").append(hint);
        }
        return sb.toString();
    }

    /** What was attempted, e.g. {@code add 10.0.0.1/32 dev eth0}. */
    public String operation() {
        return operation;
    }

    /** Positive errno value. */
    public int errno() {
        return errno;
    }

    /** The kernel's extended-ack text (NLMSGERR_ATTR_MSG) when the kernel gave one. */
    public Optional<String> kernelMessage() {
        return Optional.ofNullable(kernelMessage);
    }
}
