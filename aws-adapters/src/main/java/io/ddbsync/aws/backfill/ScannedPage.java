package io.ddbsync.aws.backfill;

import io.ddbsync.model.wire.ChangeRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One page of a segment's Scan, as backfill records.
 *
 * @param records            the page's items as INSERT records versioned as reads at {@code read}
 * @param lastEvaluatedKey   where the segment goes on; null at the segment's end
 * @param consumedReadUnits  read capacity units the page consumed: Scan's ConsumedCapacity (ReturnConsumedCapacity
 *                           TOTAL), or when the service returns none the estimate 0.5 RCU per 4 KB read (eventually
 *                           consistent) of the items' sizes
 * @param capacityReported   whether {@code consumedReadUnits} is the service's figure (false: the estimate)
 * @param read               when the page was requested, on the table's clock
 */
public record ScannedPage(String table, int segment, int totalSegments, List<ChangeRecord> records,
                          Map<String, AttributeValue> lastEvaluatedKey, double consumedReadUnits, boolean capacityReported,
                          Instant read) {

    public ScannedPage {
        records = List.copyOf(records);
        lastEvaluatedKey = lastEvaluatedKey == null ? null : Map.copyOf(lastEvaluatedKey);
    }

    public boolean last() {
        return lastEvaluatedKey == null;
    }
}
