package io.ddbsync.aws.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON mapping of every request to and reply from the search target: decimals are read as exact
 * {@code BigDecimal}s, so a document read back keeps every digit of its numbers.
 */
public final class SearchJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private SearchJson() {
    }

    /** Shared and thread-safe; use it to read and write, never reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
