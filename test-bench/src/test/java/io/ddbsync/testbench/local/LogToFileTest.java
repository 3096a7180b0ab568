package io.ddbsync.testbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.model.log.LogCapture;
import io.ddbsync.model.log.LogFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogToFileTest {

    private static final Logger LOG = LoggerFactory.getLogger(LogToFileTest.class);

    @Test
    void start_thenClose_linesGoToTheFileInTheOneSchemaThenBackToStderr(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.log");

        try (LogToFile logs = LogToFile.start(file)) {
            LOG.atWarn().addKeyValue(LogFields.TABLE, "Posts").setCause(new IllegalStateException("boom")).log("to the file");
        }
        try (LogCapture capture = LogCapture.start()) {
            LOG.warn("back on stderr");
            assertThat(capture.lines()).hasSize(1);
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.get(LogFields.MESSAGE).asText()).isEqualTo("to the file");
        assertThat(line.get(LogFields.LOGGER).asText()).isEqualTo(LogToFileTest.class.getName());
        assertThat(line.get(LogFields.TABLE).asText()).isEqualTo("Posts");
        assertThat(line.get(LogFields.ERROR_TYPE).asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(line.get(LogFields.STACK_TRACE).asText()).contains("LogToFileTest");
    }

    @Test
    void start_fileOfAnEarlierRun_appendsAndKeepsItsLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.log");
        try (LogToFile logs = LogToFile.start(file)) {
            LOG.warn("first run");
        }
        try (LogToFile logs = LogToFile.start(file)) {
            LOG.warn("second run");
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(new ObjectMapper().readTree(lines.get(0)).get(LogFields.MESSAGE).asText()).isEqualTo("first run");
        assertThat(new ObjectMapper().readTree(lines.get(1)).get(LogFields.MESSAGE).asText()).isEqualTo("second run");
    }
}
