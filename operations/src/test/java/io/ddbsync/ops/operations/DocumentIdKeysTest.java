package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.model.id.DocumentIds;
import org.junit.jupiter.api.Test;

class DocumentIdKeysTest {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void parse_readableIdsOfEveryKeyType_giveKeysWithTheSameId() throws Exception {
        for (String keys : new String[] {
                "{\"id\":{\"S\":\"p1\"}}",
                "{\"pk\":{\"S\":\"user|42\\\\x:y\"},\"sk\":{\"N\":\"39370\"}}",
                "{\"a:b\":{\"B\":\"AAEC/w==\"},\"z\":{\"S\":\"\"}}",
                "{\"id\":{\"S\":\"한국어 제목\"}}"}) {
            ObjectNode k = (ObjectNode) M.readTree(keys);
            String id = DocumentIds.of(k).value();

            ObjectNode parsed = DocumentIdKeys.parse(id).orElseThrow();

            assertThat(DocumentIds.of(parsed).value()).isEqualTo(id);
        }
    }

    @Test
    void parse_numberKey_canonicalNumberText() throws Exception {
        String id = DocumentIds.of((ObjectNode) M.readTree("{\"n\":{\"N\":\"3.937E+4\"}}")).value();

        assertThat(DocumentIdKeys.parse(id).orElseThrow().toString()).isEqualTo("{\"n\":{\"N\":\"39370\"}}");
    }

    @Test
    void parse_foreignOrHashedId_empty() {
        assertThat(DocumentIdKeys.parse("random-document-7")).isEmpty();
        assertThat(DocumentIdKeys.parse("a".repeat(64))).isEmpty();
    }
}
