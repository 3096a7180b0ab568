package io.ddbsync.aws.search;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One action of a {@link SearchTarget#bulk} request, with its document source as bytes that are sent as they are
 * (so a source keeps the exact text of its numbers). Built by the factories below, which name the OpenSearch bulk
 * action they stand for; immutable. {@link #bytes()} is the action's part of the NDJSON body: the action line and
 * the source line, each ending in a newline — what a caller bounds a request's size by.
 */
public final class BulkAction {

    /** The bulk operation. */
    public enum Type {
        /** {@code create}: fails with 409 when the id exists. */
        CREATE,
        /** {@code index}: creates or replaces; with {@code if_seq_no}/{@code if_primary_term}, only over that version. */
        INDEX
    }

    private final Type type;
    private final String index;
    private final String id;
    private final long ifSeqNo;
    private final long ifPrimaryTerm;
    private final boolean requireAlias;
    private final byte[] bytes;

    private BulkAction(Type type, String index, String id, long ifSeqNo, long ifPrimaryTerm, boolean requireAlias, byte[] source) {
        this.type = type;
        this.index = Objects.requireNonNull(index, "index");
        this.id = Objects.requireNonNull(id, "id");
        this.ifSeqNo = ifSeqNo;
        this.ifPrimaryTerm = ifPrimaryTerm;
        this.requireAlias = requireAlias;
        this.bytes = encode(Objects.requireNonNull(source, "source"));
    }

    /**
     * {@code create} through an alias with {@code require_alias}: when {@code alias} is not an alias (it was removed),
     * the item fails instead of auto-creating a concrete index of that name.
     *
     * @param source the document as JSON bytes (UTF-8), sent unchanged
     */
    public static BulkAction createThroughAlias(String alias, String id, byte[] source) {
        return new BulkAction(Type.CREATE, alias, id, -1, -1, true, source);
    }

    /** {@code index} without a condition: creates or replaces the document. */
    public static BulkAction index(String index, String id, byte[] source) {
        return new BulkAction(Type.INDEX, index, id, -1, -1, false, source);
    }

    /**
     * {@code index} conditioned on the document's current {@code _seq_no}/{@code _primary_term} (optimistic
     * concurrency): answered 409 when the document changed since it was read. Send it to the physical index the pair
     * was read from: an alias may have moved meanwhile.
     */
    public static BulkAction indexIf(String index, String id, long ifSeqNo, long ifPrimaryTerm, byte[] source) {
        if (ifSeqNo < 0 || ifPrimaryTerm < 0) {
            throw new IllegalArgumentException("if_seq_no and if_primary_term must be >= 0, got " + ifSeqNo + "/" + ifPrimaryTerm);
        }
        return new BulkAction(Type.INDEX, index, id, ifSeqNo, ifPrimaryTerm, false, source);
    }

    public Type type() {
        return type;
    }

    /** The index or alias the action names ({@code _index}). */
    public String index() {
        return index;
    }

    /** The document id ({@code _id}). */
    public String id() {
        return id;
    }

    /** The action line and the source line, newline-terminated; a copy. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** {@link #bytes()}'s length in bytes. */
    public int size() {
        return bytes.length;
    }

    /** Appends {@link #bytes()} to {@code out} without a copy. */
    public void writeTo(ByteArrayOutputStream out) {
        out.writeBytes(bytes);
    }

    private byte[] encode(byte[] source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(source.length + 128);
        try (JsonGenerator g = SearchJson.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart(type == Type.CREATE ? "create" : "index");
            g.writeStringField("_index", index);
            g.writeStringField("_id", id);
            if (requireAlias) {
                g.writeBooleanField("require_alias", true);
            }
            if (ifSeqNo >= 0) {
                g.writeNumberField("if_seq_no", ifSeqNo);
                g.writeNumberField("if_primary_term", ifPrimaryTerm);
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the bulk action of document " + id, e);
        }
        out.write('\n');
        out.writeBytes(source);
        out.write('\n');
        return out.toByteArray();
    }
}
