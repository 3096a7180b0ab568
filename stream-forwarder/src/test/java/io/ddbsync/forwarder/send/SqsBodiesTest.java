package io.ddbsync.forwarder.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SqsBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void escapeDisallowed_nonCharacters_becomeEscapesOfTheSameJson() throws Exception {
        String json = "{\"S\":\"a\uFFFFb\uFFFE 한글 \uD83D\uDE00\"}";

        String escaped = SqsBodies.escapeDisallowed(json);

        assertThat(escaped).isEqualTo("{\"S\":\"a\\uffffb\\ufffe 한글 \uD83D\uDE00\"}");
        assertThat(JSON.readTree(escaped)).isEqualTo(JSON.readTree(json));
    }

    @Test
    void escapeDisallowed_nothingToEscape_returnsTheSameString() {
        String json = "{\"S\":\"plain \uFFFD\"}";

        assertThat(SqsBodies.escapeDisallowed(json)).isSameAs(json);
    }
}
