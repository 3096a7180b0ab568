package io.ddbsync.worker.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.id.DocumentIds;
import io.ddbsync.model.wire.ChangeEnvelope;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.EnvelopeIds;
import io.ddbsync.model.wire.Op;
import io.ddbsync.model.wire.WireCodec;
import io.ddbsync.model.wire.WireRecord;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Builds stream-like changes of one table with increasing sequence numbers, and message bodies. */
public final class Changes {

    private static final ObjectMapper M = new ObjectMapper();
    private static final BigInteger FIRST_SEQ = new BigInteger("100000000000000000000");
    /**
     * ApproximateCreationDateTime of the first change: a day ago, well inside the tombstone retention
     * (older changes are re-read from the table, not applied as they are).
     */
    public static final long FIRST_TS = java.time.Instant.now().getEpochSecond() - 86_400;

    private final String table;
    private long n;

    public Changes(String table) {
        this.table = table;
    }

    public String table() {
        return table;
    }

    public static ObjectNode keys(String id) {
        ObjectNode k = M.createObjectNode();
        k.putObject("id").put("S", id);
        return k;
    }

    /** The document id of the item with this {@code id} key. */
    public static String docId(String id) {
        return DocumentIds.of(keys(id)).value();
    }

    /** An item image with a title, a revision number and a Korean body. */
    public static ObjectNode image(String id, int rev) {
        ObjectNode image = keys(id);
        image.putObject("title").put("S", "제목 " + id + " r" + rev);
        image.putObject("rev").put("N", Integer.toString(rev));
        image.putObject("body").put("S", "본문 블록 " + rev + " — 다이나모DB 스트림으로 동기화");
        return image;
    }

    private String nextSeq() {
        return FIRST_SEQ.add(BigInteger.valueOf(n)).toString();
    }

    private long nextTs() {
        return FIRST_TS + n / 10;
    }

    public ChangeRecord put(Op op, String id, int rev) {
        ChangeRecord r = new ChangeRecord(op, keys(id), image(id, rev), nextSeq(), nextTs(), false, false);
        n++;
        return r;
    }

    public ChangeRecord put(Op op, ObjectNode image) {
        ObjectNode keys = M.createObjectNode();
        keys.set("id", image.get("id"));
        ChangeRecord r = new ChangeRecord(op, keys, image, nextSeq(), nextTs(), false, false);
        n++;
        return r;
    }

    public ChangeRecord remove(String id) {
        ChangeRecord r = new ChangeRecord(Op.REMOVE, keys(id), null, nextSeq(), nextTs(), false, false);
        n++;
        return r;
    }

    /** The same change dated {@code ts} (e.g. older than the tombstone retention). */
    public static ChangeRecord dated(ChangeRecord r, long ts) {
        return new ChangeRecord(r.op(), r.keys(), r.image(), r.sequenceNumber(), ts, r.fetch(), r.ttl());
    }

    public ChangeRecord fetch(String id) {
        ChangeRecord r = new ChangeRecord(Op.MODIFY, keys(id), null, nextSeq(), nextTs(), true, false);
        n++;
        return r;
    }

    /** A backfill image: seq "0", dated scan start − 300 s. */
    public ChangeRecord backfill(String id, int rev, long scanStartSeconds) {
        return new ChangeRecord(Op.INSERT, keys(id), image(id, rev), "0", scanStartSeconds - 300, false, false);
    }

    public String body(List<? extends WireRecord> records) {
        return WireCodec.encode(new ChangeEnvelope(ChangeEnvelope.VERSION, EnvelopeIds.of(table, records), table,
                new ArrayList<>(records)));
    }

    /** Message bodies of at most {@code perMessage} records each, in order. */
    public List<String> bodies(List<? extends WireRecord> records, int perMessage) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i += perMessage) {
            out.add(body(records.subList(i, Math.min(records.size(), i + perMessage))));
        }
        return out;
    }
}
