package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One stream record as GetRecords returns it ({@code json}), with its counter and the time it was written. */
record StoredRecord(long n, Instant created, ObjectNode json) {
}
