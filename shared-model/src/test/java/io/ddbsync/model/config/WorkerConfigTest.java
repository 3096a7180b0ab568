package io.ddbsync.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerConfigTest {

    static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENSEARCH_ENDPOINT", "https://search-x.us-east-1.es.amazonaws.com");
        env.put("AWS_REGION", "eu-west-3");
        return env;
    }

    @Test
    void fromEnv_requiredOnly_usesDefaults() {
        WorkerConfig c = WorkerConfig.fromEnv(valid());

        assertThat(c).isEqualTo(WorkerConfig.builder(new SearchTargetConfig(URI.create("https://search-x.us-east-1.es.amazonaws.com"),
                SearchTargetConfig.Auth.SIGV4, SearchTargetConfig.SigningService.ES, "eu-west-3"), "eu-west-3").build());
        assertThat(c.indexFor("Posts")).isEqualTo("posts");
    }

    @Test
    void fromEnv_allSet_readsThem() {
        Map<String, String> env = valid();
        env.put("OPENSEARCH_ENDPOINT", "http://127.0.0.1:45678");
        env.put("OPENSEARCH_AUTH", "none");
        env.put("INDEX_MAP", " Posts=blog-posts , Users.v2=people");
        env.put("IDEMPOTENCY_TABLE", "ddbsync-idempotency");
        env.put("TTL_DELETES", "KEEP");
        env.put("TOMBSTONE_RETENTION_DAYS", "30");
        env.put("METADATA_FIELD", "_meta_".substring(1, 5));
        env.put("DYNAMODB_ENDPOINT", "http://localhost:8000");

        WorkerConfig c = WorkerConfig.fromEnv(env);

        assertThat(c.opensearchEndpoint()).isEqualTo(URI.create("http://127.0.0.1:45678"));
        assertThat(c.auth()).isEqualTo(SearchTargetConfig.Auth.NONE);
        assertThat(c.indexMap()).containsExactlyInAnyOrderEntriesOf(Map.of("Posts", "blog-posts", "Users.v2", "people"));
        assertThat(c.indexFor("Posts")).isEqualTo("blog-posts");
        assertThat(c.indexFor("Other")).isEqualTo("other");
        assertThat(c.idempotencyTable()).contains("ddbsync-idempotency");
        assertThat(c.ttlDeletes()).isEqualTo(WorkerConfig.TtlDeletes.KEEP);
        assertThat(c.tombstoneRetentionDays()).isEqualTo(30);
        assertThat(c.metadataField()).isEqualTo("meta");
        assertThat(c.dynamodbEndpoint()).contains(URI.create("http://localhost:8000"));
    }

    @Test
    void fromEnv_ttlDeletesPerTable_eachTableItsPolicyUnlistedDelete() {
        Map<String, String> env = valid();
        env.put("TTL_DELETES", "Sessions=keep, Orders=delete");

        WorkerConfig c = WorkerConfig.fromEnv(env);

        assertThat(c.ttlDeletesFor("Sessions")).isEqualTo(WorkerConfig.TtlDeletes.KEEP);
        assertThat(c.ttlDeletesFor("Orders")).isEqualTo(WorkerConfig.TtlDeletes.DELETE);
        assertThat(c.ttlDeletesFor("Posts")).isEqualTo(WorkerConfig.TtlDeletes.DELETE);
    }

    @Test
    void fromEnv_ttlDeletesOneValue_appliesToEveryTable() {
        Map<String, String> env = valid();
        env.put("TTL_DELETES", "keep");

        assertThat(WorkerConfig.fromEnv(env).ttlDeletesFor("Anything")).isEqualTo(WorkerConfig.TtlDeletes.KEEP);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Sessions=drop;table Sessions: 'drop' is not delete or keep",
        "Sessions=keep,Sessions=delete;table Sessions is listed twice",
        "x=keep;x"})
    void fromEnv_badTtlDeletesPerTable_failsNamingVariable(String value, String expected) {
        Map<String, String> env = valid();
        env.put("TTL_DELETES", value);

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("TTL_DELETES").hasMessageContaining(expected);
    }

    @Test
    void fromEnv_quarantineUnset_onForEveryTable() {
        assertThat(WorkerConfig.fromEnv(valid()).quarantineFor("Posts")).isEqualTo(WorkerConfig.Quarantine.ON);
    }

    @Test
    void fromEnv_quarantinePerTable_eachTableItsSwitchUnlistedOn() {
        Map<String, String> env = valid();
        env.put("QUARANTINE", "Orders=off, Posts=on");

        WorkerConfig c = WorkerConfig.fromEnv(env);

        assertThat(c.quarantineFor("Orders")).isEqualTo(WorkerConfig.Quarantine.OFF);
        assertThat(c.quarantineFor("Posts")).isEqualTo(WorkerConfig.Quarantine.ON);
        assertThat(c.quarantineFor("Other")).isEqualTo(WorkerConfig.Quarantine.ON);
    }

    @Test
    void fromEnv_quarantineOneValue_appliesToEveryTable() {
        Map<String, String> env = valid();
        env.put("QUARANTINE", "OFF");

        assertThat(WorkerConfig.fromEnv(env).quarantineFor("Anything")).isEqualTo(WorkerConfig.Quarantine.OFF);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Orders=maybe;table Orders: 'maybe' is not on or off",
        "Orders=on,Orders=off;table Orders is listed twice",
        "maybe;must be one of on | off"})
    void fromEnv_badQuarantine_failsNamingVariable(String value, String expected) {
        Map<String, String> env = valid();
        env.put("QUARANTINE", value);

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("QUARANTINE").hasMessageContaining(expected);
    }

    @Test
    void fromEnv_bareHostEndpoint_meansHttps() {
        Map<String, String> env = valid();
        env.put("OPENSEARCH_ENDPOINT", "search-x.us-east-1.es.amazonaws.com");

        assertThat(WorkerConfig.fromEnv(env).opensearchEndpoint()).isEqualTo(URI.create("https://search-x.us-east-1.es.amazonaws.com"));
    }

    @Test
    void fromEnv_emptyIdempotencyTable_isOff() {
        Map<String, String> env = valid();
        env.put("IDEMPOTENCY_TABLE", "");

        assertThat(WorkerConfig.fromEnv(env).idempotencyTable()).isEmpty();
    }

    @Test
    void indexMap_isImmutable() {
        Map<String, String> env = valid();
        env.put("INDEX_MAP", "Posts=posts");
        WorkerConfig c = WorkerConfig.fromEnv(env);

        assertThatThrownBy(() -> c.indexMap().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "OPENSEARCH_ENDPOINT|NULL|is required",
        "OPENSEARCH_ENDPOINT|ftp://x|http or https",
        "OPENSEARCH_ENDPOINT|https:///x|must name a host",
        "OPENSEARCH_AUTH|basic|must be one of sigv4 | none, got 'basic'",
        "AWS_REGION|NULL|is required",
        "AWS_REGION|mars|AWS region",
        "IDEMPOTENCY_TABLE|ab|not a DynamoDB table name",
        "IDEMPOTENCY_TABLE|a table|not a DynamoDB table name",
        "TTL_DELETES|drop|must be one of delete | keep",
        "TOMBSTONE_RETENTION_DAYS|14|must be in 15..3650, got 14",
        "TOMBSTONE_RETENTION_DAYS|0|must be in 15..3650",
        "TOMBSTONE_RETENTION_DAYS|1.5|must be an integer",
        "TOMBSTONE_RETENTION_DAYS|3651|must be in 15..3650",
        "METADATA_FIELD|a.b|must be a field name",
        "METADATA_FIELD|_meta|must be a field name",
        "METADATA_FIELD|9x|must be a field name",
        "DYNAMODB_ENDPOINT|file:///tmp|http or https",
    })
    void fromEnv_badValue_failsNamingVariable(String variable, String value, String expected) {
        Map<String, String> env = valid();
        if (value == null) {
            env.remove(variable);
        } else {
            env.put(variable, value);
        }

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ": ")
                .hasMessageContaining(expected)
                .extracting(e -> ((ConfigException) e).variable()).isEqualTo(variable);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Posts;not of the format Table=index,Other=other2",
        "Posts=posts,;not of the format Table=index,Other=other2",
        "=posts;not a DynamoDB table name",
        "Posts=;index name is empty",
        "Posts=a=b;not of the format Table=index,Other=other2",
        "Posts=Posts;must be lowercase",
        "Posts=po sts;contains ' '",
        "Posts=po\\sts;contains '\\'",
        "Posts=po/sts;contains '/'",
        "Posts=po*sts;contains '*'",
        "Posts=po?sts;contains '?'",
        "Posts=po\"sts;contains '\"'",
        "Posts=po<sts;contains '<'",
        "Posts=po>sts;contains '>'",
        "Posts=po|sts;contains '|'",
        "Posts=po#sts;contains '#'",
        "Posts=po:sts;contains ':'",
        "Posts=_posts;must not start with _, - or +",
        "Posts=-posts;must not start with _, - or +",
        "Posts=+posts;must not start with _, - or +",
        "Posts=..;must not be . or ..",
        "Posts=a,Posts=b;mapped twice",
    })
    void fromEnv_badIndexMap_failsNamingVariable(String indexMap, String expected) {
        Map<String, String> env = valid();
        env.put("INDEX_MAP", indexMap);

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("INDEX_MAP: ")
                .hasMessageContaining(expected);
    }

    @Test
    void fromEnv_indexNameTooLong_fails() {
        Map<String, String> env = valid();
        env.put("INDEX_MAP", "Posts=" + "p".repeat(241));

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).hasMessageContaining("longer than 240 bytes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Orders=shared,Posts=shared;tables Orders and Posts both map to index shared",
        "Posts=posts,posts=posts;tables Posts and posts both map to index posts",
        "Orders=posts,Posts=blog;table Orders maps to index posts, the default index of table Posts",
        "Posts=blog,POSTS=posts;table POSTS maps to index posts, the default index of table Posts",
    })
    void fromEnv_twoTablesOneIndex_failsNamingIndexMapAndTables(String indexMap, String expected) {
        Map<String, String> env = valid();
        env.put("INDEX_MAP", indexMap);

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("INDEX_MAP: ")
                .hasMessageContaining(expected)
                .extracting(e -> ((ConfigException) e).variable()).isEqualTo("INDEX_MAP");
    }

    @Test
    void fromEnv_signingServiceAoss_signsForServerless() {
        Map<String, String> env = valid();
        env.put("OPENSEARCH_SIGNING_SERVICE", "aoss");

        assertThat(WorkerConfig.fromEnv(env).searchTarget().signingService().signingName()).isEqualTo("aoss");
    }

    @Test
    void fromEnv_signingServiceUnknown_failsNamingTheVariable() {
        Map<String, String> env = valid();
        env.put("OPENSEARCH_SIGNING_SERVICE", "opensearch");

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("OPENSEARCH_SIGNING_SERVICE").hasMessageContaining("es | aoss");
    }

    @Test
    void constructor_twoTablesOneIndex_failsLikeFromEnv() {
        assertThatThrownBy(() -> WorkerConfig.builder(SearchTargetConfig.plain(URI.create("http://localhost:9200")), "us-east-1")
                .indexMap(Map.of("Orders", "shared", "Posts", "shared")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("both map to index shared");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "_Orders;table _Orders is not in INDEX_MAP;must not start with _, - or +",
        "-Orders;table -Orders is not in INDEX_MAP;must not start with _, - or +",
    })
    void indexFor_unmappedTableWithRefusedDefault_throwsNamingTableAndIndexMap(String table, String first, String second) {
        WorkerConfig c = WorkerConfig.fromEnv(valid());

        assertThatThrownBy(() -> c.indexFor(table)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("INDEX_MAP: ").hasMessageContaining(first).hasMessageContaining(second);
    }

    @Test
    void indexFor_unmappedTableOf251Characters_throwsNamingIndexMap() {
        String table = "T".repeat(251);

        assertThatThrownBy(() -> WorkerConfig.fromEnv(valid()).indexFor(table)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("INDEX_MAP: table " + table + " is not in INDEX_MAP")
                .hasMessageContaining("longer than 240 bytes");
    }

    @Test
    void indexFor_refusedDefaultButMapped_usesTheMapping() {
        Map<String, String> env = valid();
        env.put("INDEX_MAP", "_Orders=orders");

        assertThat(WorkerConfig.fromEnv(env).indexFor("_Orders")).isEqualTo("orders");
    }

    @Test
    void indexFor_unmappedTableWhoseDefaultIsAMappedIndex_throws() {
        Map<String, String> env = valid();
        env.put("INDEX_MAP", "Orders=posts");
        WorkerConfig c = WorkerConfig.fromEnv(env);

        assertThatThrownBy(() -> c.indexFor("Posts")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("INDEX_MAP: table Posts is not in INDEX_MAP and its default index posts is the index of table Orders");
        assertThat(c.indexFor("Orders")).isEqualTo("posts");
    }

    @Test
    void fromEnv_attributeLists_giveEachTableItsConverter() throws Exception {
        Map<String, String> env = valid();
        env.put("ATTRIBUTES_INCLUDE", "Posts=id|title|_version");
        env.put("ATTRIBUTES_EXCLUDE", " Users = password | token ,Posts=secret");
        env.put("METADATA_FIELD", "meta");
        WorkerConfig c = WorkerConfig.fromEnv(env);
        com.fasterxml.jackson.databind.node.ObjectNode image = (com.fasterxml.jackson.databind.node.ObjectNode)
                io.ddbsync.model.json.Json.MAPPER.readTree("{\"id\":{\"S\":\"1\"},\"title\":{\"S\":\"t\"},"
                        + "\"_version\":{\"N\":\"2\"},\"password\":{\"S\":\"p\"},\"token\":{\"S\":\"k\"},\"meta\":{\"S\":\"m\"}}");

        assertThat(c.attributesInclude()).isEqualTo(Map.of("Posts", java.util.Set.of("id", "title", "_version")));
        assertThat(c.attributesExclude()).isEqualTo(Map.of("Users", java.util.Set.of("password", "token"), "Posts", java.util.Set.of("secret")));
        assertThat(io.ddbsync.model.json.Json.write(c.converterFor("Posts").toDocument(image)))
                .isEqualTo("{\"id\":\"1\",\"title\":\"t\",\"$_version\":2}");
        assertThat(io.ddbsync.model.json.Json.write(c.converterFor("Users").toDocument(image)))
                .isEqualTo("{\"id\":\"1\",\"title\":\"t\",\"$_version\":2,\"$meta\":\"m\"}");
        assertThat(c.converterFor("Other").toDocument(image).size()).isEqualTo(6);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "ATTRIBUTES_INCLUDE;Posts;is not of the format Table=a|b,Other=c",
        "ATTRIBUTES_INCLUDE;Posts=;an empty attribute name",
        "ATTRIBUTES_INCLUDE;Posts=a||b;an empty attribute name",
        "ATTRIBUTES_INCLUDE;Posts=a,Posts=b;table Posts is listed twice",
        "ATTRIBUTES_INCLUDE;Posts=a|a;attribute a is listed twice",
        "ATTRIBUTES_INCLUDE;ab=a;not a DynamoDB table name",
        "ATTRIBUTES_EXCLUDE;Posts=a=b;is not of the format Table=a|b,Other=c",
        "ATTRIBUTES_EXCLUDE;Posts=a,;is not of the format Table=a|b,Other=c",
    })
    void fromEnv_badAttributeLists_failNamingVariable(String variable, String value, String expected) {
        Map<String, String> env = valid();
        env.put(variable, value);

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ": ").hasMessageContaining(expected);
    }

    @Test
    void fromEnv_attributeIncludedAndExcluded_fails() {
        Map<String, String> env = valid();
        env.put("ATTRIBUTES_INCLUDE", "Posts=a|b");
        env.put("ATTRIBUTES_EXCLUDE", "Posts=b");

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessage("ATTRIBUTES_EXCLUDE: table Posts: attribute b is also in ATTRIBUTES_INCLUDE; list it in one of them");
    }

    @ParameterizedTest
    @ValueSource(strings = {"posts", "blog-posts_2", "p.1", "日本"})
    void indexNames_validNames_haveNoProblem(String name) {
        assertThat(IndexNames.problem(name)).isEmpty();
    }
}
