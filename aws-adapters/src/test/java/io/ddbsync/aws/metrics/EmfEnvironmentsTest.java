package io.ddbsync.aws.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import io.ddbsync.model.metrics.MetricDimensions;

class EmfEnvironmentsTest {

    @Test
    void lines_flushedLogger_handsOneEmfLineWithOnlyTheGivenDimensions() throws Exception {
        List<String> lines = new ArrayList<>();
        MetricsLogger logger = new MetricsLogger(EmfEnvironments.lines(lines::add));
        logger.setNamespace(MetricDimensions.NAMESPACE);
        logger.setDimensions(DimensionSet.of(MetricDimensions.SERVICE, "test"));
        logger.putMetric("Things", 0, Unit.COUNT);

        logger.flush();

        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("ddbsync");
        // no default dimensions (LogGroup, ServiceName, ServiceType) of the library
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"Service\"]]");
        assertThat(line.get("Service").asText()).isEqualTo("test");
        assertThat(line.get("Things").asDouble()).isZero();
    }

    @Test
    void lambda_environment_isLambdaWithoutProbing() {
        assertThat(EmfEnvironments.lambda().getType()).isEqualTo("AWS::Lambda::Function");
    }
}
