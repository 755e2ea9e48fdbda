package dev.hapair.proxy.sample;

import java.util.Locale;

/**
 * HAProxy's sample types. {@link #ADDR} is an input declaration meaning "IPv4 or IPv6"; values are always
 * {@link #IPV4} or {@link #IPV6}. {@link #ANY} accepts every type unchanged.
 */
public enum SampleType {
    ANY,
    BOOL,
    SINT,
    ADDR,
    IPV4,
    IPV6,
    STR,
    BIN,
    METH;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a value of type {@code from} can be converted to {@code this} at all (HAProxy's cast matrix);
     * a cast allowed here may still fail on a given value (a string that is not a number).
     */
    public boolean acceptsFrom(SampleType from) {
        if (this == ANY || from == this || from == ANY) {
            return true;
        }
        return switch (this) {
            case BOOL -> from == SINT || from == STR;
            case SINT -> from == BOOL || from == STR || from == IPV4 || from == ADDR;
            case ADDR -> from == IPV4 || from == IPV6 || from == SINT || from == STR;
            case IPV4 -> from == SINT || from == STR || from == IPV6 || from == ADDR;
            case IPV6 -> from == SINT || from == STR || from == IPV4 || from == ADDR;
            case STR -> true;
            case BIN -> true;
            case METH -> from == STR || from == BIN;
            default -> false;
        };
    }
}
