package io.ddbsync.aws.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;

/**
 * The time of the DynamoDB service a table lives in, for versions of images read from the table.
 * A backfill's version is (scan start − 300 s, 0): with a host clock more than those 300 s ahead of
 * the service, scanned images would outrank the stream changes made after them (and deletes would
 * not remove what the scan read); with one far behind, delayed stream changes would overwrite
 * newer scanned images. So the host clock is corrected by the service's {@code Date} header of a
 * DescribeTable answer whenever the two differ by more than {@link #TOLERANCE}.
 */
public final class TableClock {

    /** Differences up to this are the Date header's one-second resolution and the round trip, not skew. */
    public static final Duration TOLERANCE = Duration.ofSeconds(3);

    private TableClock() {
    }

    /**
     * {@code host}, shifted to the service's time when they differ by more than {@link #TOLERANCE}.
     *
     * @throws TableDescribeException when DescribeTable of {@code table} fails
     */
    public static Clock of(DynamoDbClient dynamo, String table, Clock host) {
        DescribeTableResponse response;
        try {
            response = dynamo.describeTable(b -> b.tableName(table));
        } catch (RuntimeException e) {
            throw new TableDescribeException("cannot describe table " + table, e);
        }
        Optional<Instant> service = response.sdkHttpResponse().firstMatchingHeader("Date").flatMap(TableClock::parse);
        if (service.isEmpty()) {
            return host;
        }
        Duration offset = Duration.between(host.instant(), service.get());
        return offset.abs().compareTo(TOLERANCE) <= 0 ? host : Clock.offset(host, offset);
    }

    /** An HTTP date (RFC 1123), or empty when it is not one. */
    public static Optional<Instant> parse(String httpDate) {
        try {
            return Optional.of(ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
