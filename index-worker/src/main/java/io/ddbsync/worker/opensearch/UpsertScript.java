package io.ddbsync.worker.opensearch;

/**
 * The one stored painless script every write goes through. It applies a change only when the
 * incoming version string is greater than the stored one (versions are fixed-width decimal
 * strings, so string order is version order); otherwise it turns the write into a noop.
 * A delete replaces the document by a tombstone: metadata only, {@code deleted: true}. The new
 * source is a fresh sorted map, so the same change always produces the same {@code _source} bytes
 * whatever the document held before.
 *
 * <p>Params: {@code meta} (metadata field name), {@code version}, {@code deleted}, {@code doc}
 * (absent for tombstones), {@code table}, {@code updated_at} (epoch ms), optional {@code key}
 * (full key of a hashed id) and {@code ttl} (a TTL delete).
 */
public final class UpsertScript {

    /** Versioned id: a changed script gets a new id, so old and new workers never fight over it. */
    public static final String ID = "ddbsync-upsert-v1";

    public static final String SOURCE = String.join("\n",
            "String incoming = params.version;",
            "def meta = ctx._source[params.meta];",
            "if (meta instanceof Map && meta.version != null && incoming.compareTo(meta.version) <= 0) {",
            "  ctx.op = 'none';",
            "  return;",
            "}",
            "Map src = new TreeMap();",
            "if (!params.deleted) {",
            "  src.putAll(params.doc);",
            "}",
            "Map m = new LinkedHashMap();",
            "m.put('version', incoming);",
            "m.put('deleted', params.deleted);",
            "m.put('table', params.table);",
            "m.put('updated_at', params.updated_at);",
            "if (params.containsKey('key')) { m.put('key', params.key); }",
            "if (params.containsKey('ttl')) { m.put('ttl', params.ttl); }",
            "src.put(params.meta, m);",
            "ctx._source = src;");

    private UpsertScript() {
    }
}
