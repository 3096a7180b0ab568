package io.ddbsync.forwarder.internal.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeValuesTest {

    @Test
    void strict_binary_isBase64AndLeavesTheBufferUnread() {
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff});
        AttributeValue v = new AttributeValue().withB(bytes);

        assertThat(AttributeValues.strict(v, "x").toString()).isEqualTo("{\"B\":\"AAEC/w==\"}");
        assertThat(bytes.remaining()).isEqualTo(4);
    }

    @Test
    void strict_twoTypesSet_failsNamingThePath() {
        AttributeValue v = new AttributeValue().withS("a").withN("1");

        assertThatThrownBy(() -> AttributeValues.strict(Map.of("k", v), "NewImage"))
                .isInstanceOf(InvalidAttributeException.class)
                .hasMessage("attribute NewImage.k: 2 types set at once: S, N");
    }

    @Test
    void strict_invalidValuesDeepInside_failNamingTheirPath() {
        AttributeValue emptySet = new AttributeValue().withM(Map.of("tags", new AttributeValue().withSS(List.of())));
        AttributeValue badNs = new AttributeValue().withL(List.of(new AttributeValue().withNS(List.of("1", "x"))));
        AttributeValue nullFalse = new AttributeValue().withNULL(false);

        assertThatThrownBy(() -> AttributeValues.strict(emptySet, "NewImage.a"))
                .hasMessage("attribute NewImage.a.tags: empty SS set");
        assertThatThrownBy(() -> AttributeValues.strict(badNs, "NewImage.b"))
                .hasMessage("attribute NewImage.b[0]: not a number: \"x\"");
        assertThatThrownBy(() -> AttributeValues.strict(nullFalse, "NewImage.c"))
                .hasMessage("attribute NewImage.c: NULL must be true");
        assertThatThrownBy(() -> AttributeValues.strict(new AttributeValue(), "Keys.id"))
                .hasMessageStartingWith("attribute Keys.id: no known type");
    }

    @Test
    void lenient_invalidValues_areWrittenAsReceived() {
        AttributeValue v = new AttributeValue().withS("a").withN("not-a-number");

        assertThat(AttributeValues.lenient(v).toString()).isEqualTo("{\"S\":\"a\",\"N\":\"not-a-number\"}");
        assertThat(AttributeValues.lenient(new AttributeValue()).toString()).isEqualTo("{}");
    }
}
