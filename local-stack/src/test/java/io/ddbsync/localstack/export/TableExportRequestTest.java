package io.ddbsync.localstack.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableExportRequestTest {

    @Test
    void builder_defaults_noPrefixFourFiles() {
        TableExportRequest request = TableExportRequest.builder("Posts", "bucket").build();

        assertThat(request.s3Prefix()).isNull();
        assertThat(request.dataFiles()).isEqualTo(4);
        assertThat(request.exportDirectory("01764861234567-1a2b3c4d")).isEqualTo("AWSDynamoDB/01764861234567-1a2b3c4d");
    }

    @Test
    void exportDirectory_withPrefix_prefixSlashAwsDynamoDbSlashId() {
        TableExportRequest request = TableExportRequest.builder("Posts", "bucket").s3Prefix("exports/2026").build();

        assertThat(request.exportDirectory("01764861234567-1a2b3c4d")).isEqualTo("exports/2026/AWSDynamoDB/01764861234567-1a2b3c4d");
    }

    @Test
    void build_badValues_failNamingTheSetting() {
        assertThatThrownBy(() -> TableExportRequest.builder("Posts", "b").s3Prefix("exports/").build())
                .isInstanceOf(ExportException.class).hasMessageContaining("s3Prefix");
        assertThatThrownBy(() -> TableExportRequest.builder("Posts", "b").s3Prefix("").build())
                .isInstanceOf(ExportException.class).hasMessageContaining("s3Prefix");
        assertThatThrownBy(() -> TableExportRequest.builder("Posts", "b").dataFiles(0).build())
                .isInstanceOf(ExportException.class).hasMessageContaining("dataFiles");
        assertThatThrownBy(() -> TableExportRequest.builder("Posts", "b").dataFiles(101).build())
                .isInstanceOf(ExportException.class).hasMessageContaining("dataFiles");
        assertThatThrownBy(() -> TableExportRequest.builder("Posts", " ").build())
                .isInstanceOf(ExportException.class).hasMessageContaining("s3Bucket");
    }
}
