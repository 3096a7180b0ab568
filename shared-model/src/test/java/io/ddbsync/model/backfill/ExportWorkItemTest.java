package io.ddbsync.model.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportWorkItemTest {

    private static final ExportWorkItem ITEM = new ExportWorkItem("Posts", List.of("pk", "sk"), "exports",
            "exports/AWSDynamoDB/01764897123456-1a2b3c4d/data/abcdefghijklmnopqrstuvwxyz.json.gz",
            Instant.parse("2026-12-05T01:02:03.456Z"), 12);

    @Test
    void json_roundTrip_sameItem() {
        String json = ITEM.toJson();

        assertThat(ExportWorkItem.is(json)).isTrue();
        assertThat(ExportWorkItem.parse(json)).isEqualTo(ITEM);
    }

    @Test
    void is_changeEnvelopeOrGarbage_false() {
        assertThat(ExportWorkItem.is("{\"v\":1,\"id\":\"x\",\"table\":\"T\",\"records\":[]}")).isFalse();
        assertThat(ExportWorkItem.is("not json")).isFalse();
    }

    @Test
    void parse_missingDataFileKey_namesTheField() {
        assertThatThrownBy(() -> ExportWorkItem.parse(ITEM.toJson().replace("dataFileKey", "dataFile")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataFileKey");
    }

    @Test
    void parse_badExportTime_namesTheField() {
        assertThatThrownBy(() -> ExportWorkItem.parse(ITEM.toJson().replace("2026-12-05T01:02:03.456Z", "yesterday")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exportTime");
    }
}
