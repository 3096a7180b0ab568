package io.ddbsync.model.version;

import io.ddbsync.model.wire.ChangeRecord;
import java.time.Instant;

/**
 * Change versions as fixed-width decimal strings: 12 digits of epoch seconds, then the sequence number
 * left-padded to 40 digits. Two kinds (docs/DESIGN.md, "The version rule"):
 * <ul>
 *   <li>a <em>stream</em> version (ApproximateCreationDateTime, SequenceNumber): exact, string order is
 *       the order of the item's changes;</li>
 *   <li>a <em>read</em> version: an image read from the table at time R (a backfill page, a worker's consistent
 *       read, a repair), dated R − {@value #BACKFILL_SKEW_SECONDS} s, its sequence the nanosecond of R within its
 *       second (below 10<sup>20</sup>, so under any stream sequence number: two reads of one second are ordered,
 *       and a read ranks below every stream change of its second by string order). A read sees every
 *       change made at least {@value #READ_WINDOW_SECONDS} s before it and none made more than that after it;
 *       a change within that window of a read cannot be ordered against it by the clocks.</li>
 * </ul>
 * {@link #decide} is the one rule every versioned write follows.
 */
public final class Versions {

    /** Length of every version string. */
    public static final int LENGTH = 52;

    /** How far before its read time an image read from the table is dated (clock-skew margin). */
    public static final long BACKFILL_SKEW_SECONDS = 300;

    /** Sequence number of an image read at a whole second (backfill, fetch, repair); reads carry their nanosecond ({@link #readSequenceNumber}). */
    public static final String BACKFILL_SEQ = "0";

    /**
     * How far apart, in seconds, a read's time and a change's ApproximateCreationDateTime must be for
     * their order to be known: the clock error between the reader (DynamoDB's {@code Date} header for the
     * command line, an NTP-synchronised Lambda host for the worker) and the stream's timestamps, which are
     * rounded down to the second, with a wide margin.
     */
    public static final long READ_WINDOW_SECONDS = 30;

    /** What a versioned write does, given the version it carries and the one stored ({@link #decide}). */
    public enum Decision {
        /** The incoming version is newer: write it. */
        APPLY,
        /** The stored version is as new or newer: the write is a no-op. */
        STALE,
        /**
         * A stream change and a read within {@value #READ_WINDOW_SECONDS} s of each other, one stored, the other
         * incoming: their order is unknown, so the item is read again (strongly consistent) and that read — newer
         * than what is stored, by causality — is written instead.
         */
        REREAD
    }

    static final int SECONDS_DIGITS = 12;
    static final int SEQ_DIGITS = 40;
    static final int MIN_STREAM_SEQ_DIGITS = 21;
    /** A read's seq has at most this many digits: below every stream sequence number (21–40 digits). */
    static final int MAX_READ_SEQ_DIGITS = MIN_STREAM_SEQ_DIGITS - 1;
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
     * The version of an image read from the table at {@code readTime} — a backfill page, a worker's
     * consistent read, a reconcile's repair: (readTime − {@value #BACKFILL_SKEW_SECONDS} s, seq 0). How it
     * orders against stream changes is {@link #decide}'s rule, not string order. {@code readTime} should be
     * on DynamoDB's clock (the command line corrects its host clock by the service's {@code Date} header).
     */
    public static String ofRead(Instant readTime) {
        return read(readSeconds(readTime), readSequenceNumber(readTime));
    }

    /** The {@code seq} of a record carrying an image read at {@code readTime}: the nanosecond within its second. */
    public static String readSequenceNumber(Instant readTime) {
        return Integer.toString(readTime.getNano());
    }

    /** The {@code ts} of a record carrying an image read at {@code readTime} ({@link #readSequenceNumber} its seq): see {@link #ofRead}. */
    public static long readSeconds(Instant readTime) {
        long s = readTime.getEpochSecond() - BACKFILL_SKEW_SECONDS;
        checkSeconds(s);
        return s;
    }

    /** (seconds, 0): the version of a backfill image whose {@code ts} is already skewed. */
    public static String backfillAt(long seconds) {
        return read(seconds, BACKFILL_SEQ);
    }

    /**
     * The version of a read whose {@code ts} is already skewed and whose {@code seq} (1–20 digits) orders it within
     * its second.
     *
     * @throws VersionException when the seconds are out of range or the seq is not 1–20 decimal digits
     */
    public static String read(long seconds, String seq) {
        checkSeconds(seconds);
        if (seq == null || seq.isEmpty() || seq.length() > MAX_READ_SEQ_DIGITS || !digits(seq)) {
            throw new VersionException("read sequence '" + (seq == null ? "null" : abbreviate(seq))
                    + "' is not 1-" + MAX_READ_SEQ_DIGITS + " decimal digits");
        }
        return seconds(seconds) + ZEROS.substring(seq.length()) + seq;
    }

    /** Whether a record's seq marks a read (1–20 digits) rather than a stream change (21–40 digits). */
    public static boolean isReadSequenceNumber(String seq) {
        return seq != null && !seq.isEmpty() && seq.length() <= MAX_READ_SEQ_DIGITS && digits(seq);
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The one rule of every versioned write (docs/DESIGN.md, "The version rule"):
     * <ul>
     *   <li>nothing stored: {@link Decision#APPLY};</li>
     *   <li>two stream versions, or two read versions: the greater wins (an equal one is {@link Decision#STALE});</li>
     *   <li>a stream change (time t) over a read at R: STALE when t ≤ R − {@value #READ_WINDOW_SECONDS} (the read saw
     *       it), APPLY when t &gt; R + {@value #READ_WINDOW_SECONDS}, otherwise {@link Decision#REREAD};</li>
     *   <li>a read at R over a stream change (time t): APPLY when t ≤ R − {@value #READ_WINDOW_SECONDS} (the read saw
     *       the change and whatever came after it, up to R), STALE when t &gt; R + {@value #READ_WINDOW_SECONDS} (the
     *       change came after the read), otherwise {@link Decision#REREAD}.</li>
     * </ul>
     * A REREAD is resolved by causality, not clocks: the writer reads the item after it has read the stored version,
     * so that read is the newer, and it is applied conditioned on exactly what was stored.
     * A replay of a change older than a read therefore never rolls the read's image back, whatever the
     * order of deliveries — the reason the rule exists.
     *
     * @param incoming the version a write carries
     * @param stored   the stored document's version, or null when there is none (or it has no version)
     * @throws VersionException when a version is not {@value #LENGTH} decimal digits
     */
    public static Decision decide(String incoming, String stored) {
        check(incoming);
        if (stored == null) {
            return Decision.APPLY;
        }
        check(stored);
        boolean incomingRead = isRead(incoming);
        boolean storedRead = isRead(stored);
        if (incomingRead == storedRead) {
            return incoming.compareTo(stored) > 0 ? Decision.APPLY : Decision.STALE;
        }
        if (storedRead) {
            long read = readTimeSeconds(stored);
            long t = seconds(incoming);
            if (t <= read - READ_WINDOW_SECONDS) {
                return Decision.STALE;
            }
            return t > read + READ_WINDOW_SECONDS ? Decision.APPLY : Decision.REREAD;
        }
        long read = readTimeSeconds(incoming);
        long t = seconds(stored);
        if (t <= read - READ_WINDOW_SECONDS) {
            return Decision.APPLY;
        }
        return t > read + READ_WINDOW_SECONDS ? Decision.STALE : Decision.REREAD;
    }

    /** Whether a version is a read version (sequence below 10<sup>20</sup>): an image read from the table, not a stream change. */
    public static boolean isRead(String version) {
        return version.startsWith(ZEROS.substring(0, MAX_READ_SEQ_DIGITS), SECONDS_DIGITS);
    }

    /** The epoch seconds of a version: a stream change's ApproximateCreationDateTime, or a read's time − 300 s. */
    public static long seconds(String version) {
        return Long.parseLong(version, 0, SECONDS_DIGITS, 10);
    }

    /** The time (epoch seconds) of the read a read version stands for: its seconds + {@value #BACKFILL_SKEW_SECONDS}. */
    public static long readTimeSeconds(String version) {
        return seconds(version) + BACKFILL_SKEW_SECONDS;
    }

    private static void check(String version) {
        if (version.length() != LENGTH) {
            throw new VersionException("version '" + abbreviate(version) + "' has " + version.length() + " characters, not " + LENGTH);
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = version.charAt(i);
            if (c < '0' || c > '9') {
                throw new VersionException("version '" + abbreviate(version) + "' is not decimal digits (character '" + c
                        + "' at " + i + ")");
            }
        }
    }

    /** The version of a record: a stream version, or a read version when its seq has at most 20 digits. */
    public static String of(ChangeRecord record) {
        return isReadSequenceNumber(record.sequenceNumber()) ? read(record.ts(), record.sequenceNumber()) : stream(record.ts(), record.sequenceNumber());
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
