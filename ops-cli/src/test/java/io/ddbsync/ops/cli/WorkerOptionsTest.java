package io.ddbsync.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbsync.model.config.TableRules;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import io.ddbsync.ops.operations.TtlKeep;

class WorkerOptionsTest {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void indexFor_noOptions_tableLowerCasedAsTheWorker() {
        assertThat(WorkerOptions.indexFor(WorkerOptions.tableRules(null, null, null, "ddbsync"), "Posts")).isEqualTo("posts");
    }

    @Test
    void indexFor_indexMap_mappedAsTheWorker() {
        TableRules rules = WorkerOptions.tableRules("Posts=blog", null, null, "ddbsync");

        assertThat(WorkerOptions.indexFor(rules, "Posts")).isEqualTo("blog");
    }

    @Test
    void indexFor_tableWhoseDefaultIndexOpenSearchRefuses_failsNamingOptionAndTable() {
        TableRules rules = WorkerOptions.tableRules(null, null, null, "ddbsync");

        assertThatThrownBy(() -> WorkerOptions.indexFor(rules, "_Orders")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--index-map (the worker's INDEX_MAP): table _Orders is not in INDEX_MAP")
                .hasMessageContaining("--index");
    }

    @Test
    void tableRules_malformedShaping_failsNamingTheOptionAndTheStep() {
        assertThatThrownBy(() -> WorkerOptions.tableRules(null, null, null, "ddbsync", "{\"Posts\":[{\"upper\":{}}]}"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--shaping (the worker's DOCUMENT_SHAPING): table Posts, step 1 (upper): unknown step");
    }

    @Test
    void tableRules_shaping_converterShapesAsTheWorker() throws Exception {
        TableRules rules = WorkerOptions.tableRules(null, null, null, "ddbsync",
                "{\"Posts\":[{\"rename\":{\"from\":\"title\",\"to\":\"headline\"}}]}");

        var doc = rules.converterFor("Posts").toDocument((com.fasterxml.jackson.databind.node.ObjectNode)
                M.readTree("{\"id\":{\"S\":\"p1\"},\"title\":{\"S\":\"제목\"}}"));

        assertThat(doc.path("headline").asText()).isEqualTo("제목");
        assertThat(doc.has("title")).isFalse();
    }

    @Test
    void tableRules_twoTablesOneIndex_failsNamingOption() {
        assertThatThrownBy(() -> WorkerOptions.tableRules("Orders=shared,Posts=shared", null, null, "ddbsync"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--index-map (the worker's INDEX_MAP): tables Orders and Posts both map to index shared");
    }

    @Test
    void ttlKeep_keepWithoutAttribute_fails() {
        TableRules rules = WorkerOptions.tableRules(null, null, null, "ddbsync");

        assertThatThrownBy(() -> WorkerOptions.ttlKeep("keep", null, rules, "T1x", rules.converterFor("T1x"), Instant.EPOCH))
                .isInstanceOf(UsageException.class).hasMessageContaining("--ttl-attribute");
    }

    @Test
    void ttlKeep_keep_keepsDocumentsWhoseTtlPassedOnly() throws Exception {
        TableRules rules = WorkerOptions.tableRules(null, null, null, "ddbsync");
        TtlKeep keep = WorkerOptions.ttlKeep("keep", "expires", rules, "T1x", rules.converterFor("T1x"), Instant.ofEpochSecond(1000));

        assertThat(keep.kept(M.readTree("{\"expires\":999}"))).isTrue();
        assertThat(keep.kept(M.readTree("{\"expires\":1000}"))).isTrue();
        assertThat(keep.kept(M.readTree("{\"expires\":1001}"))).isFalse();
        assertThat(keep.kept(M.readTree("{\"expires\":\"999\"}"))).isFalse();
        assertThat(keep.kept(M.readTree("{}"))).isFalse();
        assertThat(WorkerOptions.ttlKeep("delete", "expires", rules, "T1x", rules.converterFor("T1x"), Instant.ofEpochSecond(1000))
                .kept(M.readTree("{\"expires\":999}"))).isFalse();
    }

    @Test
    void ttlKeep_reservedTtlAttribute_readsTheRenamedField() throws Exception {
        TableRules rules = WorkerOptions.tableRules(null, null, null, "ddbsync");
        TtlKeep keep = WorkerOptions.ttlKeep("keep", "_ttl_id", rules, "T1x", rules.converterFor("T1x"), Instant.ofEpochSecond(1000));
        TtlKeep renamed = WorkerOptions.ttlKeep("keep", "_version", rules, "T1x", rules.converterFor("T1x"), Instant.ofEpochSecond(1000));

        assertThat(keep.field()).contains("_ttl_id");
        assertThat(renamed.kept(M.readTree("{\"$_version\":5}"))).isTrue();
    }

    @Test
    void ttlKeep_ttlAttributeExcluded_fails() {
        TableRules rules = WorkerOptions.tableRules(null, null, "T1x=expires", "ddbsync");

        assertThatThrownBy(() -> WorkerOptions.ttlKeep("keep", "expires", rules, "T1x", rules.converterFor("T1x"), Instant.EPOCH))
                .isInstanceOf(UsageException.class).hasMessageContaining("is not indexed for table T1x");
    }
}
