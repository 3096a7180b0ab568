package io.ddbsync.aws.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ScanPagesTest {

    private static final Instant READ = Instant.parse("2026-12-05T01:40:02.123456789Z");

    @Test
    void record_scannedItem_isAnInsertVersionedAsTheRead() {
        ChangeRecord r = ScanPages.record("Posts", Map.of("id", AttributeValue.fromS("p1"), "n", AttributeValue.fromN("7")),
                List.of("id"), READ);

        assertThat(r.op()).isEqualTo(Op.INSERT);
        assertThat(r.keys().toString()).isEqualTo("{\"id\":{\"S\":\"p1\"}}");
        assertThat(r.image().path("n").path("N").asText()).isEqualTo("7");
        assertThat(r.sequenceNumber()).isEqualTo(Versions.readSequenceNumber(READ));
        assertThat(r.ts()).isEqualTo(Versions.readSeconds(READ));
    }

    @Test
    void record_itemWithoutAKeyAttribute_namesTableAndAttributeNotValues() {
        assertThatThrownBy(() -> ScanPages.record("Posts", Map.of("title", AttributeValue.fromS("secret")), List.of("id"), READ))
                .isInstanceOf(ScanPageException.class).hasMessage("scanned item of table Posts lacks key attribute id");
    }

    @Test
    void eventuallyConsistentReadUnits_halfAUnitPer4KbStarted() {
        assertThat(ItemSizes.eventuallyConsistentReadUnits(0)).isEqualTo(0.5);
        assertThat(ItemSizes.eventuallyConsistentReadUnits(4_096)).isEqualTo(0.5);
        assertThat(ItemSizes.eventuallyConsistentReadUnits(4_097)).isEqualTo(1.0);
        assertThat(ItemSizes.eventuallyConsistentReadUnits(100 * 1_024)).isEqualTo(12.5);
    }

    @Test
    void bytes_namesAndValues_asDynamoDbCountsThem() {
        Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("abc"), "n", AttributeValue.fromN("12345"),
                "ok", AttributeValue.fromBool(true), "l", AttributeValue.fromL(List.of(AttributeValue.fromS("xy"))));

        // id 2+3, n 1+(5 digits → 3+1), ok 2+1, l 1+(3+1+2)
        assertThat(ItemSizes.bytes(item)).isEqualTo(5 + 5 + 3 + 7);
    }
}
