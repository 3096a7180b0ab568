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

    private Versions() {
    }

    public static String stream(long approximateCreationSeconds, String sequenceNumber) {
        throw new UnsupportedOperationException("TODO shared-model");
    }

    /** (scan start − 300 s, 0). */
    public static String backfill(Instant scanStart) {
        throw new UnsupportedOperationException("TODO shared-model");
    }

    public static String of(ChangeRecord record) {
        return stream(record.ts(), record.seq());
    }
}
