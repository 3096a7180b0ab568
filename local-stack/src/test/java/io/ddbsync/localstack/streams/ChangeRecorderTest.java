package io.ddbsync.localstack.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ChangeRecorderTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00.750Z");
    private static final ObjectNode OLD = json("{\"pk\":{\"S\":\"a\"},\"title\":{\"S\":\"old\"}}");
    private static final ObjectNode NEW = json("{\"pk\":{\"S\":\"a\"},\"title\":{\"S\":\"new\"}}");

    private final StreamRegistry registry = new StreamRegistry(Clock.fixed(NOW, ZoneOffset.UTC));
    private final ChangeRecorder recorder = new ChangeRecorder(registry);

    @Test
    void record_modifyPerViewType_imagesAsAsked() {
        assertThat(images("KEYS_ONLY")).isEqualTo("-/-");
        assertThat(images("NEW_IMAGE")).isEqualTo("-/new");
        assertThat(images("OLD_IMAGE")).isEqualTo("old/-");
        assertThat(images("NEW_AND_OLD_IMAGES")).isEqualTo("old/new");
    }

    @Test
    void record_insertModifyRemove_eventNamesCountersAndSecondsOfCreation() {
        TableStream stream = stream("T", "NEW_AND_OLD_IMAGES");

        StoredRecord insert = recorder.record(stream, null, OLD, false).orElseThrow();
        StoredRecord modify = recorder.record(stream, OLD, NEW, false).orElseThrow();
        StoredRecord remove = recorder.record(stream, NEW, null, false).orElseThrow();

        assertThat(insert.json().path("eventName").asText()).isEqualTo("INSERT");
        assertThat(modify.json().path("eventName").asText()).isEqualTo("MODIFY");
        assertThat(remove.json().path("eventName").asText()).isEqualTo("REMOVE");
        assertThat(remove.json().path("dynamodb").path("Keys")).isEqualTo(json("{\"pk\":{\"S\":\"a\"}}"));
        assertThat(modify.n()).isEqualTo(insert.n() + 1);
        assertThat(remove.n()).isEqualTo(modify.n() + 1);
        assertThat(insert.json().path("dynamodb").path("ApproximateCreationDateTime").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(insert.json().has("userIdentity")).isFalse();
        assertThat(stream.read(stream.trimHorizon(), 10).records()).containsExactly(insert, modify, remove);
    }

    @Test
    void record_noChange_noRecordAndNoCounter() {
        TableStream stream = stream("T", "NEW_AND_OLD_IMAGES");
        long before = registry.lastN();

        assertThat(recorder.record(stream, OLD, OLD.deepCopy(), false)).isEmpty();
        assertThat(recorder.record(stream, null, null, false)).isEmpty();
        assertThat(registry.lastN()).isEqualTo(before);
    }

    @Test
    void record_byTtl_serviceIdentity() {
        StoredRecord removal = recorder.record(stream("T", "KEYS_ONLY"), OLD, null, true).orElseThrow();

        assertThat(removal.json().path("userIdentity"))
                .isEqualTo(json("{\"PrincipalId\":\"dynamodb.amazonaws.com\",\"Type\":\"Service\"}"));
    }

    @Test
    void read_afterDisableAndTrim_closedShardAndTrimmedPosition() {
        MutableClock clock = new MutableClock(NOW);
        StreamRegistry moving = new StreamRegistry(clock);
        TableStream stream = moving.enable("T", "KEYS_ONLY", keySchema());
        long start = stream.trimHorizon();
        new ChangeRecorder(moving).record(stream, null, OLD, false);
        moving.disable("T");

        TableStream.Page page = stream.read(start, 10);
        clock.advance(StreamRegistry.RETENTION.plus(Duration.ofSeconds(1)));
        moving.all();

        assertThat(page.records()).hasSize(1);
        assertThat(page.closed()).isTrue();
        assertThatThrownBy(() -> stream.read(start, 10))
                .isInstanceOfSatisfying(ApiErrorException.class, e -> assertThat(e.type()).isEqualTo("TrimmedDataAccessException"));
        assertThat(stream.read(stream.trimHorizon(), 10).records()).isEmpty();
    }

    @Test
    void read_byteBudget_stopsBeforeExceedingItButReturnsAtLeastOne() {
        TableStream stream = stream("T", "NEW_IMAGE");
        for (int i = 0; i < 3; i++) {
            recorder.record(stream, null, json("{\"pk\":{\"S\":\"" + i + "\"},\"body\":{\"S\":\"" + "x".repeat(100) + "\"}}"), false);
        }
        long one = stream.read(stream.trimHorizon(), 1).records().get(0).sizeBytes();

        assertThat(stream.read(stream.trimHorizon(), 10, 2 * one).records()).hasSize(2);
        assertThat(stream.read(stream.trimHorizon(), 10, 1).records()).hasSize(1);
        assertThat(stream.read(stream.trimHorizon(), 2, Long.MAX_VALUE).records()).hasSize(2);
    }

    private String images(String viewType) {
        ObjectNode dynamodb = recorder.record(stream("T-" + viewType, viewType), OLD, NEW, false).orElseThrow()
                .json().path("dynamodb").deepCopy();
        assertThat(dynamodb.path("StreamViewType").asText()).isEqualTo(viewType);
        assertThat(dynamodb.path("SizeBytes").asLong()).isPositive();
        return dynamodb.path("OldImage").path("title").path("S").asText("-") + "/"
                + dynamodb.path("NewImage").path("title").path("S").asText("-");
    }

    private TableStream stream(String table, String viewType) {
        return registry.enable(table, viewType, keySchema());
    }

    private static ArrayNode keySchema() {
        ArrayNode keySchema = ApiBodies.object().arrayNode();
        keySchema.addObject().put("AttributeName", "pk").put("KeyType", "HASH");
        return keySchema;
    }

    private static ObjectNode json(String text) {
        return ApiBodies.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
