package io.ddbsync.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.ddbsync.worker.internal.opensearch.TombstonePurger;
import io.ddbsync.model.log.LogFields;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.Logging;

/**
 * Scheduled (daily) Lambda: deletes tombstones older than {@code TOMBSTONE_RETENTION_DAYS} from
 * every ddbsync-managed index. Returns the number purged per index.
 */
public final class TombstonePurgeHandler implements RequestHandler<ScheduledEvent, Map<String, Long>> {

    private static final Logger LOG = LoggerFactory.getLogger(TombstonePurgeHandler.class);

    private final TombstonePurger purger;
    private final java.util.Set<String> indexes;
    private final Duration retention;

    public TombstonePurgeHandler() {
        this(WorkerParts.fromEnv(System.getenv()));
    }

    public TombstonePurgeHandler(WorkerParts parts) {
        this.indexes = new java.util.TreeSet<>(parts.config().indexMap().values());
        this.purger = new TombstonePurger(parts.openSearch(), parts.config().metadataField(), parts.clock());
        this.retention = Duration.ofDays(parts.config().tombstoneRetentionDays());
    }

    @Override
    @Logging(clearState = true)
    public Map<String, Long> handleRequest(ScheduledEvent event, Context context) {
        Map<String, Long> purged = new LinkedHashMap<>();
        for (TombstonePurger.Result r : results()) {
            purged.put(r.index(), r.deleted());
            LOG.atInfo().addKeyValue(LogFields.INDEX, r.index()).addKeyValue("deleted", r.deleted())
                    .addKeyValue("retentionDays", retention.toDays()).log("tombstones purged");
        }
        return purged;
    }

    /**
     * A deployment purges only its own indexes: those of its {@code INDEX_MAP} (the stack lists every
     * table there), so stacks sharing a domain never touch each other's tombstones. With no
     * {@code INDEX_MAP} (the local stack), every ddbsync-managed index of the cluster.
     */
    private List<TombstonePurger.Result> results() {
        if (indexes.isEmpty()) {
            return purger.purgeAll(retention);
        }
        List<TombstonePurger.Result> out = new ArrayList<>();
        for (String index : indexes) {
            out.add(purger.purge(index, retention));
        }
        return out;
    }
}
