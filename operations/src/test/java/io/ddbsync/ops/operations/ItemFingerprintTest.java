package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ItemFingerprintTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static String of(String dynamoJson) throws Exception {
        return ItemFingerprint.of((ObjectNode) M.readTree(dynamoJson));
    }

    @Test
    void of_sameItemListedInAnotherOrder_sameFingerprint() throws Exception {
        String a = of("{\"id\":{\"S\":\"p1\"},\"tags\":{\"SS\":[\"b\",\"a\"]},\"m\":{\"M\":{\"x\":{\"N\":\"1\"},\"y\":{\"BOOL\":true}}}}");
        String b = of("{\"m\":{\"M\":{\"y\":{\"BOOL\":true},\"x\":{\"N\":\"1\"}}},\"tags\":{\"SS\":[\"a\",\"b\"]},\"id\":{\"S\":\"p1\"}}");

        assertThat(a).isEqualTo(b);
    }

    @Test
    void of_listOrderOrAValueDiffers_differentFingerprint() throws Exception {
        String list = of("{\"id\":{\"S\":\"p1\"},\"l\":{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"}]}}");

        assertThat(of("{\"id\":{\"S\":\"p1\"},\"l\":{\"L\":[{\"S\":\"b\"},{\"S\":\"a\"}]}}")).isNotEqualTo(list);
        assertThat(of("{\"id\":{\"S\":\"p1\"},\"l\":{\"L\":[{\"S\":\"a\"},{\"S\":\"c\"}]}}")).isNotEqualTo(list);
        assertThat(ItemFingerprint.of(null)).isEqualTo(ItemFingerprint.ABSENT).isNotEqualTo(list);
    }
}
