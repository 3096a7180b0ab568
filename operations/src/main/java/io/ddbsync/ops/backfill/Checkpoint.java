package io.ddbsync.ops.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.dynamodb.DynamoJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The state of a backfill, written to a file after every page: the scan start (so a resumed run
 * keeps the versions of the first), finished segments and the next start key of the others.
 *
 * <pre>{"table":"Posts","segments":4,"scanStart":1764000000,"run":"…","done":[0,2],"items":{"0":120,…},"next":{"1":{…key…}}}</pre>
 *
 * <p>{@code run} binds a checkpoint to the operation that owns it (a reindex names itself): a checkpoint left by
 * another run — an earlier reindex of the same table with the same file — is started over, never resumed, or its
 * segments would count as done and nothing would be scanned.
 */
public final class Checkpoint {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Optional<Path> file;
    private final String table;
    private final int segments;
    private final Instant scanStart;
    private final String run;
    private boolean startedOver;
    private final TreeSet<Integer> done = new TreeSet<>();
    private final Map<Integer, Long> items = new HashMap<>();
    private final Map<Integer, ObjectNode> next = new HashMap<>();

    private Checkpoint(Optional<Path> file, String table, int segments, Instant scanStart, String run) {
        this.file = file;
        this.table = table;
        this.segments = segments;
        this.scanStart = scanStart;
        this.run = run;
    }

    /** The checkpoint in {@code file} if it exists (it must be for the same table and segments), else a new one starting now. */
    public static Checkpoint openOrCreate(Optional<Path> file, String table, int segments, Instant now) {
        return openOrCreate(file, table, segments, now, "");
    }

    /**
     * As {@link #openOrCreate(Optional, String, int, Instant)}, owned by {@code run} (empty: any): a checkpoint of
     * another run in {@code file} is replaced by a new one ({@link #startedOver()}).
     */
    public static Checkpoint openOrCreate(Optional<Path> file, String table, int segments, Instant now, String run) {
        if (file.isEmpty() || !Files.exists(file.get())) {
            Checkpoint c = new Checkpoint(file, table, segments, now, run);
            c.save();
            return c;
        }
        Path f = file.get();
        try {
            JsonNode root = MAPPER.readTree(Files.readString(f, StandardCharsets.UTF_8));
            String t = root.path("table").asText();
            int n = root.path("segments").asInt();
            if (!t.equals(table) || n != segments) {
                throw new BackfillException("checkpoint " + f + " is for table " + t + " with " + n
                        + " segments, not " + table + " with " + segments + "; use another --checkpoint file");
            }
            if (!run.isEmpty() && !run.equals(root.path("run").asText(""))) {
                Checkpoint fresh = new Checkpoint(file, table, segments, now, run);
                fresh.startedOver = true;
                fresh.save();
                return fresh;
            }
            Checkpoint c = new Checkpoint(file, table, segments, Instant.ofEpochSecond(root.path("scanStart").asLong()), run);
            root.path("done").forEach(s -> c.done.add(s.asInt()));
            root.path("items").properties().forEach(e -> c.items.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
            root.path("next").properties().forEach(e -> c.next.put(Integer.parseInt(e.getKey()), (ObjectNode) e.getValue()));
            return c;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BackfillException b) {
                throw b;
            }
            throw new BackfillException("cannot read checkpoint " + f, e);
        }
    }

    public Instant scanStart() {
        return scanStart;
    }

    /** Whether the file held another run's checkpoint, replaced by this new one. */
    public boolean startedOver() {
        return startedOver;
    }

    public synchronized boolean isDone(int segment) {
        return done.contains(segment);
    }

    public synchronized long itemsDone() {
        return items.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Where the segment resumes; empty = from its beginning. */
    public synchronized Optional<Map<String, AttributeValue>> next(int segment) {
        ObjectNode key = next.get(segment);
        return key == null ? Optional.empty() : Optional.of(DynamoJson.toItem(key));
    }

    /** Records a page that is safely on the queue; {@code nextKey} empty when the segment is finished. */
    public synchronized void pageSent(int segment, int count, Map<String, AttributeValue> nextKey) {
        items.merge(segment, (long) count, Long::sum);
        if (nextKey == null || nextKey.isEmpty()) {
            next.remove(segment);
            done.add(segment);
        } else {
            next.put(segment, DynamoJson.fromItem(nextKey));
        }
        save();
    }

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        Path f = file.get();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("table", table).put("segments", segments).put("scanStart", scanStart.getEpochSecond()).put("run", run);
        done.forEach(root.putArray("done")::add);
        ObjectNode i = root.putObject("items");
        new TreeMap<>(items).forEach((k, v) -> i.put(Integer.toString(k), v));
        ObjectNode n = root.putObject("next");
        new TreeMap<>(next).forEach((k, v) -> n.set(Integer.toString(k), v));
        try {
            Path parent = f.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(f.getFileName() + ".tmp");
            Files.writeString(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BackfillException("cannot write checkpoint " + f, e);
        }
    }
}
