package io.ddbsync.worker.internal.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import io.ddbsync.worker.internal.dynamodb.ItemFetchException;
import io.ddbsync.worker.internal.dynamodb.ItemFetcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, per collapsed record, which image and version a write carries (docs/DESIGN.md "The version rule", "Where the writes go"):
 * <ul>
 *   <li>a record within the tombstone retention is applied as it is: its image (or, for
 *       {@code fetch: true}, the item read now with a strongly consistent read) at its own version — but a
 *       repair's fetch record (sequence 0) is a read, dated when the worker reads it ({@link Versions#ofRead});</li>
 *   <li>a record older than the tombstone retention minus {@link #OLD_CHANGE_MARGIN} (a redriven
 *       message restarts its SQS retention, so it can outlive the tombstone that guarded it) is never
 *       applied as it is: the current item is read and written at the read version
 *       ({@link Versions#ofRead}: read time − {@value Versions#BACKFILL_SKEW_SECONDS} s, sequence 0);</li>
 *   <li>an item that a read finds missing is not itself a delete: only a REMOVE record writes a
 *       tombstone (so TTL removals under {@code TTL_DELETES=keep} stay kept). A missing item read for
 *       an old REMOVE gives a tombstone at the read version.</li>
 *   <li>a stream change the version rule could not order against a stored read ({@link #reread}) is
 *       replaced by a read of the item now; an item gone by then is a tombstone at the read's version,
 *       unless only a TTL removal kept on purpose could have removed it.</li>
 * </ul>
 * Reads happen in slices of at most {@link #MAX_READS_PER_SLICE} keys, so the bytes of fetched items
 * held at once stay bounded (25 × DynamoDB's 400 KB item maximum ≈ 10 MB) whatever the message packs.
 */
final class ImageSource {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImageSource.class);

    /** Keys read (and their items held) at once per message. */
    static final int MAX_READS_PER_SLICE = 25;
    /** Changes this close to the tombstone retention are already re-read. */
    static final Duration OLD_CHANGE_MARGIN = Duration.ofDays(1);

    /** What to write for one record: an image (DynamoDB JSON) or a tombstone (null image), at a version; or nothing. */
    record Resolved(RecordCollapser.Keyed keyed, ObjectNode image, String version, boolean reread) {

        boolean tombstone() {
            return image == null;
        }
    }

    private final ItemFetcher fetcher;
    private final Clock clock;
    private final Duration tombstoneRetention;

    ImageSource(ItemFetcher fetcher, Clock clock, Duration tombstoneRetention) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.tombstoneRetention = tombstoneRetention;
    }

    /** Splits collapsed records into slices with at most {@link #MAX_READS_PER_SLICE} reads each, in order. */
    List<List<RecordCollapser.Keyed>> slices(List<RecordCollapser.Keyed> collapsed) {
        List<List<RecordCollapser.Keyed>> out = new ArrayList<>();
        List<RecordCollapser.Keyed> slice = new ArrayList<>();
        int reads = 0;
        Instant oldBefore = oldBefore();
        for (RecordCollapser.Keyed k : collapsed) {
            boolean read = needsRead(k.record(), oldBefore);
            if (read && reads == MAX_READS_PER_SLICE) {
                out.add(slice);
                slice = new ArrayList<>();
                reads = 0;
            }
            slice.add(k);
            reads += read ? 1 : 0;
        }
        if (!slice.isEmpty()) {
            out.add(slice);
        }
        return out;
    }

    /**
     * Resolves one slice; records whose read found no item and that are not REMOVEs are left out
     * (returned count in {@code missing}).
     *
     * @throws ItemFetchException when the table cannot be read
     */
    List<Resolved> resolve(String table, List<RecordCollapser.Keyed> slice, int[] missing, int[] reread) {
        Instant oldBefore = oldBefore();
        List<ObjectNode> keys = new ArrayList<>();
        for (RecordCollapser.Keyed k : slice) {
            if (needsRead(k.record(), oldBefore)) {
                keys.add(k.record().keys());
            }
        }
        Instant readTime = clock.instant();
        List<Optional<ObjectNode>> items = keys.isEmpty() ? List.of() : fetcher.fetch(table, keys);
        String readVersion = Versions.ofRead(readTime);
        List<Resolved> out = new ArrayList<>(slice.size());
        int next = 0;
        for (RecordCollapser.Keyed k : slice) {
            ChangeRecord r = k.record();
            if (!needsRead(r, oldBefore)) {
                out.add(new Resolved(k, r.op() == Op.REMOVE ? null : r.image(), k.version(), false));
                continue;
            }
            Optional<ObjectNode> item = items.get(next++);
            boolean old = isOld(r, oldBefore);
            reread[0] += old ? 1 : 0;
            String version = old || Versions.isReadSequenceNumber(r.sequenceNumber()) ? readVersion : k.version();
            if (item.isPresent()) {
                out.add(new Resolved(k, item.get(), version, old));
            } else if (r.op() == Op.REMOVE) {
                out.add(new Resolved(k, null, version, old));
            } else {
                missing[0]++;
            }
        }
        return out;
    }

    /**
     * The records' items read again now (strongly consistent, {@link #MAX_READS_PER_SLICE} keys at a time), one result
     * per record in order: the item's image at the version of that read; a tombstone at that version when the item is
     * gone and the record is a user's REMOVE or {@code tombstoneWhenGone} (the table does not keep TTL removals); a kept
     * TTL removal's own last image at its own version when the item is gone (nothing came after it); otherwise empty
     * (the item's own removal decides; counted in {@code missing}).
     *
     * @throws ItemFetchException when the table cannot be read
     */
    List<Optional<Resolved>> reread(String table, List<RecordCollapser.Keyed> keyed, boolean tombstoneWhenGone, int[] missing) {
        List<Optional<Resolved>> out = new ArrayList<>(keyed.size());
        for (int from = 0; from < keyed.size(); from += MAX_READS_PER_SLICE) {
            List<RecordCollapser.Keyed> chunk = keyed.subList(from, Math.min(keyed.size(), from + MAX_READS_PER_SLICE));
            List<ObjectNode> keys = new ArrayList<>(chunk.size());
            chunk.forEach(k -> keys.add(k.record().keys()));
            Instant readTime = clock.instant();
            List<Optional<ObjectNode>> items = fetcher.fetch(table, keys);
            String version = Versions.ofRead(readTime);
            for (int i = 0; i < chunk.size(); i++) {
                RecordCollapser.Keyed k = chunk.get(i);
                ChangeRecord r = k.record();
                if (LOG.isDebugEnabled()) {
                    LOG.atDebug().addKeyValue("documentId", k.id().value()).addKeyValue("version", k.version())
                            .addKeyValue("readVersion", version).addKeyValue("found", items.get(i).isPresent())
                            .log("read again: the version rule cannot order the change against the stored document");
                }
                if (items.get(i).isPresent()) {
                    out.add(Optional.of(new Resolved(k, items.get(i).get(), version, true)));
                } else if ((r.op() == Op.REMOVE && !r.ttl()) || tombstoneWhenGone) {
                    out.add(Optional.of(new Resolved(k, null, version, true)));
                } else if (r.op() != Op.REMOVE && r.ttl() && r.image() != null) {
                    out.add(Optional.of(new Resolved(k, r.image(), k.version(), false)));
                } else {
                    missing[0]++;
                    out.add(Optional.empty());
                }
            }
        }
        return out;
    }

    private Instant oldBefore() {
        return clock.instant().minus(tombstoneRetention).plus(OLD_CHANGE_MARGIN);
    }

    private static boolean isOld(ChangeRecord r, Instant oldBefore) {
        return r.ts() < oldBefore.getEpochSecond();
    }

    private static boolean needsRead(ChangeRecord r, Instant oldBefore) {
        return isOld(r, oldBefore) || (r.fetch() && r.op() != Op.REMOVE);
    }
}
