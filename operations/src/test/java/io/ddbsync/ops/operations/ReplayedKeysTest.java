package io.ddbsync.ops.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplayedKeysTest {

    private static String fixture() throws IOException {
        try (InputStream in = ReplayedKeysTest.class.getResourceAsStream("/on-failure/s3-invocation-record.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void addFromObject_awsDocumentedRecord_keysByTableOnceEach() throws IOException {
        ReplayedKeys keys = new ReplayedKeys();
        keys.addFromObject(fixture());

        ObjectNode id101 = (ObjectNode) new ObjectMapper().readTree("{\"Id\":{\"N\":\"101\"}}");
        assertThat(keys.of("ExampleTableWithStream")).containsExactly(id101); // two records of one key
        assertThat(keys.of("OtherTable")).isEmpty();
    }

    @Test
    void addFromObject_payloadAsJsonString_readToo() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(fixture());
        root.put("payload", json.writeValueAsString(root.get("payload")));
        ReplayedKeys keys = new ReplayedKeys();

        keys.addFromObject(json.writeValueAsString(root));

        assertThat(keys.of("ExampleTableWithStream")).hasSize(1);
    }

    @Test
    void addFromObject_notJson_addsNothing() {
        ReplayedKeys keys = new ReplayedKeys();
        keys.addFromObject("not json {");
        assertThat(keys.of("ExampleTableWithStream")).isEmpty();
    }
}
