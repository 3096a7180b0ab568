package io.ddbsync.localstack.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImagesTest {
    @Test
    void same_setsInOtherOrder_same() {
        assertThat(Images.same(item("{\"t\":{\"SS\":[\"a\",\"b\"]},\"m\":{\"M\":{\"n\":{\"NS\":[\"1\",\"2\"]}}}}"),
                item("{\"m\":{\"M\":{\"n\":{\"NS\":[\"2\",\"1\"]}}},\"t\":{\"SS\":[\"b\",\"a\"]}}"))).isTrue();
    }

    @Test
    void same_listsInOtherOrderOrOtherValue_different() {
        assertThat(Images.same(item("{\"l\":{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"}]}}"),
                item("{\"l\":{\"L\":[{\"S\":\"b\"},{\"S\":\"a\"}]}}"))).isFalse();
        assertThat(Images.same(item("{\"s\":{\"S\":\"a\"}}"), item("{\"s\":{\"S\":\"b\"}}"))).isFalse();
    }

    @Test
    void same_missingItems_onlyBothMissingAreSame() {
        assertThat(Images.same(null, null)).isTrue();
        assertThat(Images.same(null, item("{}"))).isFalse();
    }

    @Test
    void size_namesAndValues_dynamoDbRules() {
        // "pk" (2) + "abc" (3); "n" (1) + 3 digits → 3; "b" (1) + 4 bytes; "ok" (2) + 1; "한" (3) + "글" (3)
        assertThat(Images.size(item("{\"pk\":{\"S\":\"abc\"},\"n\":{\"N\":\"123\"},\"b\":{\"B\":\"AAECAw==\"},"
                + "\"ok\":{\"BOOL\":true},\"한\":{\"S\":\"글\"}}"))).isEqualTo(5 + 4 + 5 + 3 + 6);
        assertThat("한".getBytes(StandardCharsets.UTF_8)).hasSize(3);
    }

    private static ObjectNode item(String json) {
        return ApiBodies.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
