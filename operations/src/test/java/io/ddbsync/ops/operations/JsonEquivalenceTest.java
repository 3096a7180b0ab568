package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonEquivalenceTest {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void equivalent_sameValuesDifferentNumberTextAndFieldOrder_true() throws Exception {
        assertThat(JsonEquivalence.equivalent(M.readTree("{\"a\":1.50,\"b\":[1,2],\"c\":{\"d\":\"x\"}}"),
                M.readTree("{\"c\":{\"d\":\"x\"},\"b\":[1.0,2],\"a\":1.5}"))).isTrue();
    }

    @Test
    void equivalent_differentValueOrExtraField_false() throws Exception {
        assertThat(JsonEquivalence.equivalent(M.readTree("{\"a\":1}"), M.readTree("{\"a\":2}"))).isFalse();
        assertThat(JsonEquivalence.equivalent(M.readTree("{\"a\":1}"), M.readTree("{\"a\":1,\"b\":null}"))).isFalse();
        assertThat(JsonEquivalence.equivalent(M.readTree("{\"a\":\"1\"}"), M.readTree("{\"a\":1}"))).isFalse();
        assertThat(JsonEquivalence.equivalent(M.readTree("[1,2]"), M.readTree("[2,1]"))).isFalse();
    }
}
