package io.ddbsync.model.wire;

/**
 * How the records of a change message travel: {@link #GZIP} (wire format version 2, the default)
 * or {@link #NONE} (version 1, plain JSON). The worker reads both, whatever it is configured with.
 */
public enum Compression {
    /** {@code {"v":2,..,"enc":"gzip","records":"<base64 of the gzip of the records' JSON array>"}}. */
    GZIP,
    /** {@code {"v":1,..,"records":[..]}}. */
    NONE;

    /** What the forwarder and the command line use unless told otherwise. */
    public static final Compression DEFAULT = GZIP;
}
