package io.ddbsync.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfMetricsSinkTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final EmfMetricsSink sink = new EmfMetricsSink(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC), "index-worker");

    private List<JsonNode> lines() {
        ObjectMapper m = new ObjectMapper();
        return bytes.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return m.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
    }

    @Test
    void flush_countsAndTimings_oneEmfLineWithSumsAndValues() {
        sink.count(MetricNames.DOCUMENTS_UPSERTED, 3);
        sink.count(MetricNames.DOCUMENTS_UPSERTED, 2);
        sink.millis(MetricNames.BULK_LATENCY_MS, 12);
        sink.millis(MetricNames.BULK_LATENCY_MS, 30);
        sink.flush();

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(1_000);
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("ddbsync");
        assertThat(directive.get("Metrics").toString()).contains("\"Name\":\"DocumentsUpserted\",\"Unit\":\"Count\"")
                .contains("\"Name\":\"BulkLatencyMs\",\"Unit\":\"Milliseconds\"");
        assertThat(line.get("DocumentsUpserted").asDouble()).isEqualTo(5.0);
        assertThat(line.get("BulkLatencyMs").toString()).isEqualTo("[12.0,30.0]");
        assertThat(line.get("Service").asText()).isEqualTo("index-worker");
    }

    @Test
    void flush_twoTables_oneLinePerTableWithServiceAndTableDimensionSets() {
        sink.forTable("Posts").count(MetricNames.RECORDS_FAILED, 2);
        sink.forTable("Orders").count(MetricNames.RECORDS_FAILED, 5);
        sink.count(MetricNames.DUPLICATE_MESSAGES_SKIPPED, 1);
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
    void flush_moreThanHundredValues_splitsLinesAndResets() {
        for (int i = 0; i < 150; i++) {
            sink.millis(MetricNames.END_TO_END_LAG_MS, i);
        }
        sink.flush();
        sink.flush();

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("EndToEndLagMs")).hasSize(100);
        assertThat(lines.get(1).get("EndToEndLagMs")).hasSize(50);
    }
}
