package io.ddbsync.testbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.ops.operations.PeekedMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page's JSON as page.js reads it, its DLQ rows as {@code dlq peek} prints them, and who may call it. */
class StatusPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dlqRow_failureNoteNamesRecord_showsThatKeyAndSequenceNumber() {
        PeekedMessage m = new PeekedMessage("m-1", "env-1", "Posts", List.of("{\"id\":{\"S\":\"a\"}}", "{\"id\":{\"S\":\"b\"}}"),
                2, "100", 3, "refused", "{\"id\":{\"S\":\"b\"}}", "200");

        assertThat(StatusPage.DlqRow.of(m)).isEqualTo(new StatusPage.DlqRow("m-1", "Posts", "{\"id\":{\"S\":\"b\"}}", "200", 2, 3,
                "refused"));
    }

    @Test
    void dlqRow_noNoteAndUndecodableBody_firstKeyOrQuestionMarks() {
        PeekedMessage noted = new PeekedMessage("m-1", "env-1", "Posts", List.of("{\"id\":{\"S\":\"a\"}}"), 1, "100", 1, "why",
                null, null);
        PeekedMessage undecodable = new PeekedMessage("m-2", null, null, List.of(), 0, null, 1, "body is not a change envelope",
                null, null);

        assertThat(StatusPage.DlqRow.of(noted)).isEqualTo(new StatusPage.DlqRow("m-1", "Posts", "{\"id\":{\"S\":\"a\"}}", "100", 1, 1,
                "why"));
        assertThat(StatusPage.DlqRow.of(undecodable)).isEqualTo(new StatusPage.DlqRow("m-2", "?", "?", "?", 0, 1,
                "body is not a change envelope"));
    }

    @Test
    void sample_json_hasTheFieldsPageJsReads() throws Exception {
        StatusHistory.Sample sample = new StatusHistory.Sample(1_000, 2, 1, 0, null,
                List.of(new StatusHistory.TableSample("Posts", "posts", 10, 9, 1_500L)));

        JsonNode json = JSON.readTree(JSON.writeValueAsString(sample));

        assertThat(json.path("time").asLong()).isEqualTo(1_000);
        assertThat(json.path("changeQueue").asLong()).isEqualTo(2);
        assertThat(json.path("deadLetterQueue").asLong()).isEqualTo(1);
        assertThat(json.path("streamFailures").asLong()).isZero();
        assertThat(json.path("lagMillis").isNull()).isTrue();
        JsonNode table = json.path("tables").path(0);
        assertThat(table.path("table").asText()).isEqualTo("Posts");
        assertThat(table.path("alias").asText()).isEqualTo("posts");
        assertThat(table.path("items").asLong()).isEqualTo(10);
        assertThat(table.path("documents").asLong()).isEqualTo(9);
        assertThat(table.path("lagMillis").asLong()).isEqualTo(1_500);
    }

    @Test
    void fromThisMachine_localHostsAnyPort_allowed() {
        assertThat(StatusPage.fromThisMachine("GET", "127.0.0.1:38329", null)).isTrue();
        assertThat(StatusPage.fromThisMachine("GET", "localhost:8080", null)).isTrue();
        assertThat(StatusPage.fromThisMachine("GET", "[::1]:8080", null)).isTrue();
        assertThat(StatusPage.fromThisMachine("POST", "127.0.0.1:38329", "1")).isTrue();
    }

    @Test
    void fromThisMachine_otherHostOrPostWithoutPageHeader_refused() {
        assertThat(StatusPage.fromThisMachine("GET", "attacker.example:38329", null)).isFalse();
        assertThat(StatusPage.fromThisMachine("GET", "127.0.0.1.attacker.example", null)).isFalse();
        assertThat(StatusPage.fromThisMachine("GET", null, null)).isFalse();
        assertThat(StatusPage.fromThisMachine("POST", "127.0.0.1:38329", null)).isFalse();
    }
}
