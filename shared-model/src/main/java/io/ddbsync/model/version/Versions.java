package io.ddbsync.model.version;

import io.ddbsync.model.wire.ChangeRecord;
import java.time.Instant;

/**
 * Change versions as fixed-width decimal strings whose string order is version order:
 * 12 digits of epoch seconds, then the sequence number left-padded to 40 digits.
 */
public final class Versions {

    /** Length of every version string. */
    public static final int LENGTH = 52;

    /** How far before the scan start a backfill image is dated. */
    public static final long BACKFILL_SKEW_SECONDS = 300;

    /** Sequence number of a backfill image. */
    public static final String BACKFILL_SEQ = "0";

    static final int SECONDS_DIGITS = 12;
    static final int SEQ_DIGITS = 40;
    static final int MIN_STREAM_SEQ_DIGITS = 21;
    static final long MAX_SECONDS = 999_999_999_999L;

    private static final String ZEROS = "0".repeat(SEQ_DIGITS);

    private Versions() {
    }

    /**
     * The version of a stream change.
     *
     * @throws VersionException when the seconds are negative or over 12 digits, or the sequence
     *                          number is not 21–40 decimal digits
     */
    public static String stream(long approximateCreationSeconds, String sequenceNumber) {
        checkSeconds(approximateCreationSeconds);
        if (sequenceNumber == null) {
            throw new VersionException("sequence number is missing");
        }
        int n = sequenceNumber.length();
        if (n < MIN_STREAM_SEQ_DIGITS || n > SEQ_DIGITS) {
            throw new VersionException("sequence number '" + abbreviate(sequenceNumber) + "' has " + n
                    + " characters; a stream sequence number has 21-40 decimal digits");
        }
        for (int i = 0; i < n; i++) {
            char c = sequenceNumber.charAt(i);
            if (c < '0' || c > '9') {
                throw new VersionException("sequence number '" + abbreviate(sequenceNumber)
                        + "' is not a non-negative decimal integer (character '" + c + "' at " + i + ")");
            }
        }
        return seconds(approximateCreationSeconds) + ZEROS.substring(n) + sequenceNumber;
    }

    /** (scan start − 300 s, 0). */
    public static String backfill(Instant scanStart) {
        return backfillAt(backfillSeconds(scanStart));
    }

    /** The {@code ts} of backfill images of a scan that started at {@code scanStart}: 300 s earlier. */
    public static long backfillSeconds(Instant scanStart) {
        long s = scanStart.getEpochSecond() - BACKFILL_SKEW_SECONDS;
        checkSeconds(s);
        return s;
    }

    /** (seconds, 0): the version of a backfill image whose {@code ts} is already skewed. */
    public static String backfillAt(long seconds) {
        checkSeconds(seconds);
        return seconds(seconds) + ZEROS;
    }

    /** The version of a record: a stream version, or a backfill version when its seq is "0". */
    public static String of(ChangeRecord record) {
        return BACKFILL_SEQ.equals(record.seq()) ? backfillAt(record.ts()) : stream(record.ts(), record.seq());
    }

    private static void checkSeconds(long seconds) {
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw new VersionException("timestamp " + seconds + " s is outside 0.." + MAX_SECONDS
                    + " (12 digits of epoch seconds)");
        }
    }

    private static String seconds(long seconds) {
        String s = Long.toString(seconds);
        return ZEROS.substring(0, SECONDS_DIGITS - s.length()) + s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
