package io.ddbsync.backfill.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.model.backfill.ExportWorkItem;
import io.ddbsync.model.version.Versions;
import io.ddbsync.model.wire.ChangeRecord;
import io.ddbsync.model.wire.Op;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A line of a DYNAMODB_JSON export data file ("DynamoDB table export output format") as one backfill record. */
class ExportFileImporterTest {

    private static final Instant EXPORT_TIME = Instant.parse("2026-12-05T01:02:03.456Z");
    private static final ExportWorkItem ITEM = new ExportWorkItem("Posts", List.of("pk", "sk"), "exports",
            "exports/AWSDynamoDB/01764897123456-1a2b3c4d/data/x.json.gz", EXPORT_TIME, 1);

    @Test
    void record_itemLine_insertWithKeysAndTheExportTimeAsReadTime() {
        ChangeRecord r = ExportFileImporter.record(ITEM,
                "{\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"title\":{\"S\":\"안녕\"},\"tags\":{\"SS\":[\"x\",\"y\"]}}}",
                "f", 1);

        assertThat(r.op()).isEqualTo(Op.INSERT);
        assertThat(r.keys().toString()).isEqualTo("{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}");
        assertThat(r.image().path("title").path("S").asText()).isEqualTo("안녕");
        assertThat(r.sequenceNumber()).isEqualTo(Versions.readSequenceNumber(EXPORT_TIME));
        assertThat(r.ts()).isEqualTo(Versions.readSeconds(EXPORT_TIME));
    }

    @Test
    void record_lineWithoutTheSortKey_namesFileLineAndKeyNotValues() {
        assertThatThrownBy(() -> ExportFileImporter.record(ITEM, "{\"Item\":{\"pk\":{\"S\":\"secret\"}}}", "s3://b/f", 7))
                .isInstanceOf(ExportException.class).hasMessageContaining("line 7 of s3://b/f").hasMessageContaining("sk")
                .hasMessageNotContaining("secret");
    }

    @Test
    void record_plainJsonNotDynamoDbJson_refused() {
        assertThatThrownBy(() -> ExportFileImporter.record(ITEM, "{\"Item\":{\"pk\":\"a\",\"sk\":1}}", "f", 2))
                .isInstanceOf(ExportException.class).hasMessageContaining("not DynamoDB JSON").hasMessageContaining("attribute pk");
    }
}
