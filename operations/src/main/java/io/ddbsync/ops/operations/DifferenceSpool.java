package io.ddbsync.ops.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The differences of a reconcile, kept in a temporary file (one JSON line each) rather than in memory: a
 * reconcile of a table of any size, where any number of documents may differ, holds one batch at a time.
 * Appends are thread-safe (the scan segments add concurrently); reading happens once writing is done.
 * {@link #close} deletes the file.
 */
final class DifferenceSpool implements AutoCloseable {

    private static final ObjectMapper M = new ObjectMapper();

    private final Path file;
    private BufferedWriter writer;
    private long size;

    private DifferenceSpool(Path file) {
        this.file = file;
    }

    /** A new, empty spool in the system's temporary directory. */
    static DifferenceSpool create() {
        try {
            Path file = Files.createTempFile("ddbsync-differences-", ".jsonl");
            file.toFile().deleteOnExit();
            DifferenceSpool spool = new DifferenceSpool(file);
            spool.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            return spool;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the reconcile's differences", e);
        }
    }

    synchronized void add(ReconcileReport.Difference d) {
        if (writer == null) {
            throw new IllegalStateException("the spool was already read");
        }
        ObjectNode line = M.createObjectNode();
        line.put("kind", d.kind().name()).put("id", d.documentId()).put("detail", d.detail());
        if (d.keys() != null) {
            line.set("keys", d.keys());
        }
        if (d.item() != null) {
            line.put("item", d.item());
        }
        if (d.docVersion() != null) {
            line.put("version", d.docVersion());
        }
        try {
            writer.write(M.writeValueAsString(line));
            writer.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reconcile's differences to " + file.getFileName(), e);
        }
        size++;
    }

    synchronized long size() {
        return size;
    }

    /** Calls {@code batch} with the differences in order, at most {@code batchSize} at a time. Ends the writing. */
    void forEachBatch(int batchSize, Consumer<List<ReconcileReport.Difference>> batch) {
        finishWriting();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<ReconcileReport.Difference> chunk = new ArrayList<>(batchSize);
            for (String line; (line = in.readLine()) != null; ) {
                chunk.add(parse(M.readTree(line)));
                if (chunk.size() == batchSize) {
                    batch.accept(chunk);
                    chunk = new ArrayList<>(batchSize);
                }
            }
            if (!chunk.isEmpty()) {
                batch.accept(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reconcile's differences from " + file.getFileName(), e);
        }
    }

    private synchronized void finishWriting() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the reconcile's differences to " + file.getFileName(), e);
            }
            writer = null;
        }
    }

    private static ReconcileReport.Difference parse(JsonNode n) {
        return new ReconcileReport.Difference(ReconcileReport.Kind.valueOf(n.path("kind").asText()), n.path("id").asText(),
                n.path("keys").isObject() ? (ObjectNode) n.path("keys") : null, n.path("detail").asText(),
                n.hasNonNull("item") ? n.path("item").asText() : null, n.hasNonNull("version") ? n.path("version").asText() : null);
    }

    @Override
    public void close() {
        try {
            finishWriting();
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is removed at exit
            }
        }
    }
}
