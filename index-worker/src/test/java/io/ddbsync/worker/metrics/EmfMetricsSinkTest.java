package io.ddbsync.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.aws.metrics.EmfEnvironments;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EmfMetricsSinkTest {

    /** EMF accepts timestamps of the last two weeks only. */
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final EmfMetricsSink sink = new EmfMetricsSink(EmfEnvironments.lines(out::add), Clock.fixed(now, ZoneOffset.UTC));

    private List<JsonNode> lines() {
        ObjectMapper m = new ObjectMapper();
        return out.stream().map(l -> {
            try {
                return m.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
    }

    @Test
    void flush_countsAndTimings_oneEmfLineWithSumsAndValues() {
        sink.count(WorkerMetricNames.DOCUMENTS_UPSERTED, 3);
        sink.count(WorkerMetricNames.DOCUMENTS_UPSERTED, 2);
        sink.millis(WorkerMetricNames.BULK_LATENCY_MS, 12);
        sink.millis(WorkerMetricNames.BULK_LATENCY_MS, 30);
        sink.flush();

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(now.toEpochMilli());
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("ddbsync");
        assertThat(directive.get("Metrics").toString()).contains("\"Name\":\"DocumentsUpserted\",\"Unit\":\"Count\"")
                .contains("\"Name\":\"BulkLatencyMs\",\"Unit\":\"Milliseconds\"");
        assertThat(line.get("DocumentsUpserted").asDouble()).isEqualTo(5.0);
        assertThat(line.get("RecordsFailed").asDouble()).isZero();
        assertThat(line.get("BulkLatencyMs").toString()).isEqualTo("[12.0,30.0]");
        assertThat(line.get("Service").asText()).isEqualTo("index-worker");
    }

    @Test
    void flush_twoTables_oneLinePerTableWithServiceAndTableDimensionSets() {
        sink.forTable("Posts").count(WorkerMetricNames.RECORDS_FAILED, 2);
        sink.forTable("Orders").count(WorkerMetricNames.RECORDS_FAILED, 5);
        sink.count(WorkerMetricNames.DUPLICATE_MESSAGES_SKIPPED, 1);
        sink.flush();

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(3);
        JsonNode posts = lines.stream().filter(l -> "Posts".equals(l.path("Table").asText())).findFirst().orElseThrow();
        assertThat(posts.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"Service\"],[\"Service\",\"Table\"]]");
        assertThat(posts.get("RecordsFailed").asDouble()).isEqualTo(2.0);
        JsonNode orders = lines.stream().filter(l -> "Orders".equals(l.path("Table").asText())).findFirst().orElseThrow();
        assertThat(orders.get("RecordsFailed").asDouble()).isEqualTo(5.0);
        JsonNode untabled = lines.stream().filter(l -> !l.has("Table")).findFirst().orElseThrow();
        assertThat(untabled.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"Service\"]]");
        assertThat(untabled.get("DuplicateMessagesSkipped").asDouble()).isEqualTo(1.0);
    }

    @Test
    void flush_nothingRecorded_writesEveryCounterAsZeroWithServiceDimension() {
        sink.flush();

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"Service\"]]");
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name"))
                .containsExactlyInAnyOrderElementsOf(WorkerMetricNames.COUNTERS);
        WorkerMetricNames.COUNTERS.forEach(name -> assertThat(line.get(name).asDouble()).as(name).isZero());
        assertThat(line.has(WorkerMetricNames.END_TO_END_LAG_MS)).isFalse();
    }

    @Test
    void flush_moreThanHundredValues_splitsLinesAndResets() {
        for (int i = 0; i < 150; i++) {
            sink.millis(WorkerMetricNames.END_TO_END_LAG_MS, i);
        }
        sink.flush();
        sink.flush();

        // the first flush: 150 values in two lines; the second (nothing recorded since): the zero counters
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(0, 2)).extracting(l -> l.get("EndToEndLagMs").size()).containsExactlyInAnyOrder(100, 50);
        assertThat(lines.get(2).has("EndToEndLagMs")).isFalse();
    }
}
