package io.ddbsync.ops.backfill;

import io.ddbsync.aws.dynamodb.TableDescribeException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operations' view of {@link io.ddbsync.aws.dynamodb.TableClock} (the table's clock, shared with the backfill
 * Lambda): the same clock, a failed DescribeTable as a {@link BackfillException}.
 */
public final class TableClock {

    private TableClock() {
    }

    /** {@link io.ddbsync.aws.dynamodb.TableClock#of}; a failed DescribeTable is a {@link BackfillException}. */
    public static Clock of(DynamoDbClient dynamo, String table, Clock host) {
        try {
            return io.ddbsync.aws.dynamodb.TableClock.of(dynamo, table, host);
        } catch (TableDescribeException e) {
            throw new BackfillException(e.getMessage(), e);
        }
    }

    static Optional<Instant> parse(String httpDate) {
        return io.ddbsync.aws.dynamodb.TableClock.parse(httpDate);
    }
}
