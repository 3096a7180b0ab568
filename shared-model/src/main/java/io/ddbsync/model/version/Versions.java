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

    /** How far before its read time an image read from the table is dated (clock-skew margin). */
    public static final long BACKFILL_SKEW_SECONDS = 300;

    /** Sequence number of an image read from the table (backfill, fetch, repair). */
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

    /**
     * The version of an image read from the table at {@code readTime} — a backfill's scan start, a
     * worker's consistent read, a reconcile's repair: (readTime − {@value #BACKFILL_SKEW_SECONDS} s,
     * seq 0). Every stream change made after the read wins over the image (allowing for clock skew
     * between this host and DynamoDB), and the image wins over replays of changes older than the
     * margin, so none of them can regress the document for good. The one rule for every path.
     */
    public static String ofRead(Instant readTime) {
        return backfillAt(readSeconds(readTime));
    }

    /** The {@code ts} of a record (seq {@value #BACKFILL_SEQ}) carrying an image read at {@code readTime}: see {@link #ofRead}. */
    public static long readSeconds(Instant readTime) {
        long s = readTime.getEpochSecond() - BACKFILL_SKEW_SECONDS;
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
