package io.ddbsync.model.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogLayoutTest {

    private static final Logger LOG = LoggerFactory.getLogger(LogLayoutTest.class);

    @Test
    void log_withIdsAndError_writesOneJsonLineWithTheSchemaFields() {
        try (LogCapture capture = LogCapture.start();
             MDC.MDCCloseable table = MDC.putCloseable(LogFields.TABLE, "Posts")) {
            LOG.atError().addKeyValue(LogFields.SEQUENCE_NUMBER, "4100000000000000000001")
                    .setCause(new IllegalStateException("bulk rejected for document p#1"))
                    .log("write failed");

            JsonNode line = capture.json().get(0);
            assertThat(line.get(LogFields.LEVEL).asText()).isEqualTo("ERROR");
            assertThat(line.get(LogFields.LOGGER).asText()).isEqualTo(LogLayoutTest.class.getName());
            assertThat(line.get(LogFields.MESSAGE).asText()).isEqualTo("write failed");
            assertThat(line.get(LogFields.TIMESTAMP).asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(line.get(LogFields.TABLE).asText()).isEqualTo("Posts");
            assertThat(line.get(LogFields.SEQUENCE_NUMBER).asText()).isEqualTo("4100000000000000000001");
            assertThat(line.get(LogFields.ERROR_TYPE).asText()).isEqualTo(IllegalStateException.class.getName());
            assertThat(line.get(LogFields.ERROR_MESSAGE).asText()).isEqualTo("bulk rejected for document p#1");
            assertThat(line.get(LogFields.STACK_TRACE).asText()).contains("LogLayoutTest.log_withIdsAndError");
        }
    }

    @Test
    void log_withoutError_hasNoErrorFields() {
        try (LogCapture capture = LogCapture.start()) {
            LOG.info("started");

            JsonNode line = capture.json().get(0);
            assertThat(line.has(LogFields.ERROR_TYPE)).isFalse();
            assertThat(line.has(LogFields.STACK_TRACE)).isFalse();
            assertThat(line.get(LogFields.LEVEL).asText()).isEqualTo("INFO");
        }
    }
}
