package io.ddbsync.model.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ddbsync.model.pack.EnvelopePacker;
import io.ddbsync.model.pack.PackedMessage;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.WireCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Packing n records of ~1 KB into 256 KiB messages: {@link EnvelopePacker} against the seed post's
 * {@code chunkByByteLength} (given the records already as JSON trees, which favours it).
 * Run through {@link PackingBenchmarkMain}, which prints time per record and the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PackingBenchmark {

    static final int LIMIT = 262_144;

    @Param({"1000", "10000", "100000"})
    public int n;

    private List<ChangeRecord> records;
    private List<JsonNode> trees;
    private EnvelopePacker packer;

    @Setup(Level.Trial)
    public void setUp() {
        records = BenchData.records(n);
        trees = records.stream().map(r -> (JsonNode) WireCodec.toJson(r)).toList();
        packer = new EnvelopePacker(LIMIT);
    }

    @Benchmark
    public List<PackedMessage> envelopePacker() {
        return packer.pack("Posts", records);
    }

    @Benchmark
    public List<List<JsonNode>> seedChunkByByteLength() {
        return SeedChunker.chunkByByteLength(trees, LIMIT);
    }
}
