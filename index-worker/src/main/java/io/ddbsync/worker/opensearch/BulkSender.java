package io.ddbsync.worker.opensearch;

import io.ddbsync.aws.search.BulkAction;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import java.time.Duration;
import java.util.List;

/**
 * How {@link VersionedBulkWriter} sends one {@code _bulk} request: straight to the {@link SearchTarget} (its
 * {@code bulk}), or through the invocation's gather, which sends the requests of a batch's messages as one
 * ({@code BULK_PER_INVOCATION}). Same shapes and errors as {@link SearchTarget#bulk}: one reply item per action, in
 * order; an error status is a reply; no answer is a {@code SearchTimeoutException} or {@code SearchTransportException}.
 */
@FunctionalInterface
public interface BulkSender {

    SearchReply bulk(List<BulkAction> actions, Duration timeout);
}
