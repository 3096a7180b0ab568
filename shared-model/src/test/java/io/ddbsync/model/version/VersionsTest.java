package io.ddbsync.model.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionsTest {

    static final String SEQ = "13021600000000001596893679";

    @Test
    void stream_example_isFixedWidthPadded() {
        String v = Versions.stream(1479499740L, SEQ);

        assertThat(v).hasSize(Versions.LENGTH)
                .isEqualTo("001479499740" + "00000000000000" + SEQ);
    }

    @Test
    void stream_fortyDigitSequence_fitsExactly() {
        String seq = "9".repeat(40);

        assertThat(Versions.stream(999_999_999_999L, seq)).isEqualTo("999999999999" + seq);
    }

    static final long READ = 1_700_000_000L;
    static final String READ_V = Versions.ofRead(Instant.ofEpochSecond(READ));

    private static String change(long seconds) {
        return Versions.stream(seconds, SEQ);
    }

    @Test
    void decide_nothingStored_applies() {
        assertThat(Versions.decide(change(READ), null)).isEqualTo(Versions.Decision.APPLY);
        assertThat(Versions.decide(READ_V, null)).isEqualTo(Versions.Decision.APPLY);
    }

    @Test
    void decide_twoStreamChanges_greaterSequenceWinsEqualIsStale() {
        String a = Versions.stream(READ, "100000000000000000001");
        String b = Versions.stream(READ, "100000000000000000002");

        assertThat(Versions.decide(b, a)).isEqualTo(Versions.Decision.APPLY);
        assertThat(Versions.decide(a, b)).isEqualTo(Versions.Decision.STALE);
        assertThat(Versions.decide(a, a)).isEqualTo(Versions.Decision.STALE);
    }

    @Test
    void decide_twoReads_laterReadWins() {
        String later = Versions.ofRead(Instant.ofEpochSecond(READ + 1));

        assertThat(Versions.decide(later, READ_V)).isEqualTo(Versions.Decision.APPLY);
        assertThat(Versions.decide(READ_V, later)).isEqualTo(Versions.Decision.STALE);
        assertThat(Versions.decide(READ_V, READ_V)).isEqualTo(Versions.Decision.STALE);
    }

    @Test
    void decide_changeOverRead_staleBeforeTheWindowRereadWithinAppliedAfter() {
        long w = Versions.READ_WINDOW_SECONDS;

        // a change made minutes before the read: the read saw it, though its version string is greater
        assertThat(change(READ - 120)).isGreaterThan(READ_V);
        assertThat(Versions.decide(change(READ - 120), READ_V)).isEqualTo(Versions.Decision.STALE);
        assertThat(Versions.decide(change(READ - w), READ_V)).isEqualTo(Versions.Decision.STALE);
        assertThat(Versions.decide(change(READ - w + 1), READ_V)).isEqualTo(Versions.Decision.REREAD);
        assertThat(Versions.decide(change(READ), READ_V)).isEqualTo(Versions.Decision.REREAD);
        assertThat(Versions.decide(change(READ + w), READ_V)).isEqualTo(Versions.Decision.REREAD);
        assertThat(Versions.decide(change(READ + w + 1), READ_V)).isEqualTo(Versions.Decision.APPLY);
    }

    @Test
    void decide_readOverChange_appliedWhenTheReadSurelySawItStaleWhenItCameAfterRereadBetween() {
        long w = Versions.READ_WINDOW_SECONDS;

        assertThat(Versions.decide(READ_V, change(READ - 120))).isEqualTo(Versions.Decision.APPLY);
        assertThat(Versions.decide(READ_V, change(READ - w))).isEqualTo(Versions.Decision.APPLY);
        assertThat(Versions.decide(READ_V, change(READ - w + 1))).isEqualTo(Versions.Decision.REREAD);
        assertThat(Versions.decide(READ_V, change(READ + w))).isEqualTo(Versions.Decision.REREAD);
        assertThat(Versions.decide(READ_V, change(READ + w + 1))).isEqualTo(Versions.Decision.STALE);
        assertThat(Versions.decide(READ_V, change(READ + 600))).isEqualTo(Versions.Decision.STALE);
    }

    @Test
    void decide_anyOrderOfOneChangeAndOneRead_endsOnTheSameVersion() {
        // whichever arrives first, the document ends with the same winner (or a re-read)
        for (long t : new long[] {READ - 600, READ - 30, READ + 31, READ + 600}) {
            String c = change(t);
            Versions.Decision changeFirst = Versions.decide(READ_V, c);
            Versions.Decision readFirst = Versions.decide(c, READ_V);
            String winnerChangeFirst = changeFirst == Versions.Decision.APPLY ? READ_V : c;
            String winnerReadFirst = readFirst == Versions.Decision.APPLY ? c : READ_V;
            assertThat(winnerChangeFirst).as("change at read %+d s", t - READ).isEqualTo(winnerReadFirst);
        }
        // within the window neither order is decided by the clocks: both ask for a read made after the stored one
        for (long t : new long[] {READ - 29, READ, READ + 30}) {
            assertThat(Versions.decide(READ_V, change(t))).isEqualTo(Versions.Decision.REREAD);
            assertThat(Versions.decide(change(t), READ_V)).isEqualTo(Versions.Decision.REREAD);
        }
    }

    @Test
    void decide_twoReadsOfOneSecond_orderedByTheirNanosecond() {
        String earlier = Versions.ofRead(Instant.ofEpochSecond(READ, 100_000_000));
        String later = Versions.ofRead(Instant.ofEpochSecond(READ, 900_000_000));

        assertThat(Versions.isRead(earlier)).isTrue();
        assertThat(Versions.isRead(later)).isTrue();
        assertThat(Versions.decide(later, earlier)).isEqualTo(Versions.Decision.APPLY);
        assertThat(Versions.decide(earlier, later)).isEqualTo(Versions.Decision.STALE);
        // still below every stream change of its second, and still decided by the window against them
        assertThat(later).isLessThan(Versions.stream(READ - Versions.BACKFILL_SKEW_SECONDS, "100000000000000000000"));
        assertThat(Versions.decide(change(READ + 5), later)).isEqualTo(Versions.Decision.REREAD);
    }

    @Test
    void of_recordOfARead_carriesItsNanosecond() {
        Instant read = Instant.ofEpochSecond(READ, 123_456_789);
        ChangeRecord r = new ChangeRecord(Op.INSERT, JsonNodeFactory.instance.objectNode().set("id",
                JsonNodeFactory.instance.objectNode().put("S", "a")), JsonNodeFactory.instance.objectNode(), Versions.readSequenceNumber(read),
                Versions.readSeconds(read), false, false);

        assertThat(Versions.isReadSequenceNumber(r.sequenceNumber())).isTrue();
        assertThat(Versions.of(r)).isEqualTo(Versions.ofRead(read));
        assertThat(Versions.isReadSequenceNumber(SEQ)).isFalse();
    }

    @Test
    void decide_malformedVersion_throws() {
        assertThatThrownBy(() -> Versions.decide("12", READ_V)).isInstanceOf(VersionException.class);
        assertThatThrownBy(() -> Versions.decide(READ_V, "x".repeat(Versions.LENGTH))).isInstanceOf(VersionException.class);
    }

    @Test
    void ofRead_readTime_isSkewedAndZeroSequence() {
        String v = Versions.ofRead(Instant.ofEpochSecond(1_700_000_000L));

        assertThat(v).isEqualTo("001699999700" + "0".repeat(40));
        assertThat(Versions.readSeconds(Instant.ofEpochSecond(1_700_000_000L))).isEqualTo(1_699_999_700L);
    }

    @Test
    void ofRead_streamChangeAfterReadTime_winsOverReadImage() {
        Instant scanStart = Instant.ofEpochSecond(1_700_000_000L);
        String during = Versions.stream(scanStart.getEpochSecond(), "100000000000000000000");
        String longBefore = Versions.stream(scanStart.getEpochSecond() - 301, "9".repeat(40));

        assertThat(during).isGreaterThan(Versions.ofRead(scanStart));
        assertThat(longBefore).isLessThan(Versions.ofRead(scanStart));
    }

    @Test
    void of_backfillRecordWithSeqZero_usesBackfillVersion() {
        ObjectNode keys = JsonNodeFactory.instance.objectNode();
        keys.putObject("id").put("S", "a");
        ChangeRecord r = new ChangeRecord(Op.REMOVE, keys, null, "0", 1_699_999_700L, false, false);
        ChangeRecord s = new ChangeRecord(Op.REMOVE, keys, null, SEQ, 1_699_999_700L, false, false);

        assertThat(Versions.of(r)).isEqualTo(Versions.ofRead(Instant.ofEpochSecond(1_700_000_000L)));
        assertThat(Versions.of(s)).isEqualTo(Versions.stream(1_699_999_700L, SEQ));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "12345678901234567890", "-1302160000000000159689", "+1302160000000000159689",
        "1302160000000000159689a", "13021600000000001596893679130216000000000", " 130216000000000015968936", "", "1e30000000000000000000"})
    void stream_badSequence_failsNamingIt(String seq) {
        assertThatThrownBy(() -> Versions.stream(1, seq)).isInstanceOf(VersionException.class)
                .hasMessageContaining("sequence number");
    }

    @Test
    void stream_nullSequence_fails() {
        assertThatThrownBy(() -> Versions.stream(1, null)).isInstanceOf(VersionException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1L, 1_000_000_000_000L, Long.MIN_VALUE, Long.MAX_VALUE})
    void stream_secondsOutOfRange_fails(long seconds) {
        assertThatThrownBy(() -> Versions.stream(seconds, SEQ)).isInstanceOf(VersionException.class)
                .hasMessageContaining("timestamp " + seconds);
        assertThatThrownBy(() -> Versions.backfillAt(seconds)).isInstanceOf(VersionException.class);
    }

    @Test
    void ofRead_readTimeBeforeSkew_fails() {
        assertThatThrownBy(() -> Versions.ofRead(Instant.ofEpochSecond(10))).isInstanceOf(VersionException.class);
    }

    @Test
    void stream_randomPairs_stringOrderEqualsNumericOrder() {
        Random random = new Random(20261124L);
        for (int i = 0; i < 100_000; i++) {
            long s1 = randomSeconds(random);
            long s2 = random.nextInt(4) == 0 ? s1 : randomSeconds(random);
            String q1 = randomSeq(random);
            String q2 = random.nextInt(8) == 0 ? q1 : randomSeq(random);
            boolean backfill1 = random.nextInt(10) == 0;
            boolean backfill2 = random.nextInt(10) == 0;
            String v1 = backfill1 ? Versions.backfillAt(s1) : Versions.stream(s1, q1);
            String v2 = backfill2 ? Versions.backfillAt(s2) : Versions.stream(s2, q2);

            BigInteger n1 = backfill1 ? BigInteger.ZERO : new BigInteger(q1);
            BigInteger n2 = backfill2 ? BigInteger.ZERO : new BigInteger(q2);
            int numeric = compare(s1, n1, s2, n2);
            int string = Integer.signum(v1.compareTo(v2));
            assertThat(string).as("%s vs %s", v1, v2).isEqualTo(numeric);
            // the same as one number: seconds × 10^40 + sequence number
            BigInteger whole1 = BigInteger.valueOf(s1).multiply(BigInteger.TEN.pow(40)).add(n1);
            BigInteger whole2 = BigInteger.valueOf(s2).multiply(BigInteger.TEN.pow(40)).add(n2);
            assertThat(string).isEqualTo(whole1.compareTo(whole2));
            assertThat(new BigInteger(v1)).isEqualTo(whole1);
            assertThat(v1).hasSize(Versions.LENGTH);
        }
    }

    private static int compare(long s1, BigInteger q1, long s2, BigInteger q2) {
        int c = Long.compare(s1, s2);
        return c != 0 ? Integer.signum(c) : Integer.signum(q1.compareTo(q2));
    }

    private static long randomSeconds(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt(1000);
            case 1 -> 1_700_000_000L + random.nextInt(1000);
            default -> Math.floorMod(random.nextLong(), Versions.MAX_SECONDS + 1);
        };
    }

    private static String randomSeq(Random random) {
        int digits = 21 + random.nextInt(20);
        StringBuilder sb = new StringBuilder(digits);
        sb.append((char) ('1' + random.nextInt(9)));
        boolean leadingZerosToo = random.nextInt(20) == 0;
        if (leadingZerosToo) {
            sb.setCharAt(0, '0');
        }
        while (sb.length() < digits) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }
}
