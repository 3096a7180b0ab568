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

        assertThat(c).isEqualTo(new WorkerConfig(URI.create("https://search-x.us-east-1.es.amazonaws.com"),
                WorkerConfig.Auth.SIGV4, "eu-west-3", Map.of(), Optional.empty(), WorkerConfig.TtlDeletes.DELETE, 15,
                "ddbsync", Optional.empty()));
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
        assertThat(c.auth()).isEqualTo(WorkerConfig.Auth.NONE);
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
        "Posts;not table=index",
        "Posts=posts,;not table=index",
        "=posts;not a DynamoDB table name",
        "Posts=;index name is empty",
        "Posts=a=b;not table=index",
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
    @ValueSource(strings = {"posts", "blog-posts_2", "p.1", "日本"})
    void indexNames_validNames_haveNoProblem(String name) {
        assertThat(IndexNames.problem(name)).isEmpty();
    }
}
