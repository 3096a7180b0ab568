package io.ddbsync.forwarder.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.aws.metrics.EmfEnvironments;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationMetricsTest {

    @Test
    void flush_countersSet_writesOneEmbeddedMetricFormatLine() throws Exception {
        InvocationMetrics metrics = new InvocationMetrics();
        metrics.add(ForwarderMetricNames.RECORDS_FORWARDED, 7);
        metrics.add(ForwarderMetricNames.RECORDS_FORWARDED, 3);
        metrics.add(ForwarderMetricNames.BYTES_SENT, 1234);
        List<String> lines = new ArrayList<>();

        // EMF accepts timestamps of the last two weeks only
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        metrics.flush(EmfEnvironments.lines(lines::add), Clock.fixed(now, ZoneOffset.UTC));

        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(now.toEpochMilli());
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("ddbsync");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("Service");
        assertThat(directive.get("Metrics").findValuesAsText("Name")).containsExactlyInAnyOrder(
                "RecordsForwarded", "MessagesSent", "SendRequests", "SendRetries", "OversizeRecords", "BytesSent");
        for (JsonNode metric : directive.get("Metrics")) {
            assertThat(metric.get("Unit").asText()).isEqualTo(metric.get("Name").asText().equals("BytesSent") ? "Bytes" : "Count");
        }
        assertThat(line.get("Service").asText()).isEqualTo("stream-forwarder");
        assertThat(line.get("RecordsForwarded").asLong()).isEqualTo(10);
        assertThat(line.get("BytesSent").asLong()).isEqualTo(1234);
        assertThat(line.get("SendRetries").asLong()).isZero();
    }

    @Test
    void flush_withTable_linesCarryServiceAndServiceTableDimensions() throws Exception {
        InvocationMetrics metrics = new InvocationMetrics("Posts");
        metrics.add(ForwarderMetricNames.RECORDS_FORWARDED, 2);
        List<String> lines = new ArrayList<>();

        metrics.flush(EmfEnvironments.lines(lines::add), Clock.systemUTC());

        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"Service\"],[\"Service\",\"Table\"]]");
        assertThat(line.get("Table").asText()).isEqualTo("Posts");
        assertThat(line.get("RecordsForwarded").asLong()).isEqualTo(2);
    }

    @Test
    void add_unknownName_fails() {
        assertThatThrownBy(() -> new InvocationMetrics().add("Records", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
