package io.ddbsync.worker.opensearch;

import io.ddbsync.model.config.IndexNames;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTarget;
import io.ddbsync.aws.search.SearchTransportException;
import io.ddbsync.worker.time.TimeBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the changes of one index go: its write alias {@code <name>_write}, and while a reindex runs
 * also the reindex alias {@code <name>_reindex} (on the new physical index). The worker learns of a
 * reindex from the cluster, not from its configuration: one {@code HEAD /_alias/<name>_reindex} per
 * index, remembered for {@link #CACHE_TTL}, so every running worker follows a reindex's start and end
 * within that time ({@code ddbsync reindex} waits {@link #SETTLE} before it relies on it).
 *
 * <p>Each target is its own alias with its own versions: the writer reads and guards them apart.
 */
public final class WriteTargets {

    /** How long a worker trusts what it learned about a reindex alias. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);
    /** After a reindex alias appears or goes, every worker has seen it once this much time has passed. */
    public static final Duration SETTLE = CACHE_TTL.multipliedBy(2);

    private record Known(List<String> aliases, long until) {
    }

    private final SearchTarget target;
    private final Clock clock;
    private final Map<String, Known> cache = new ConcurrentHashMap<>();

    public WriteTargets(SearchTarget target, Clock clock) {
        this.target = target;
        this.clock = clock;
    }

    /**
     * @param index the search alias of a table's index
     * @return the aliases to write each change to: the write alias first, then the reindex alias if one exists
     * @throws SearchTransportException when the cluster cannot say (the message is retried)
     */
    public List<String> resolve(String index, TimeBudget budget) {
        long now = clock.millis();
        Known known = cache.get(index);
        if (known != null && known.until() > now) {
            return known.aliases();
        }
        IndexNames names = new IndexNames(index);
        SearchReply reply = target.aliasExists(names.reindex(), budget.callTimeout(SearchTarget.DEFAULT_TIMEOUT));
        List<String> aliases;
        if (reply.status() == 200) {
            aliases = List.of(names.write(), names.reindex());
        } else if (reply.status() == 404) {
            aliases = List.of(names.write());
        } else {
            throw new SearchTransportException("cannot tell whether " + names.reindex() + " exists: " + reply.describe(), null);
        }
        cache.put(index, new Known(aliases, now + CACHE_TTL.toMillis()));
        return aliases;
    }

    /** Forgets what is known of an index (a target went away): the next {@link #resolve} asks the cluster. */
    public void forget(String index) {
        cache.remove(index);
    }
}
