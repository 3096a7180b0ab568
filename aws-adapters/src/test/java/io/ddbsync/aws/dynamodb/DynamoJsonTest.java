package io.ddbsync.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoJsonTest {

    @Test
    void toItemFromItem_everyType_roundTrips() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree("""
                {"s":{"S":"안녕"},"n":{"N":"39370"},"b":{"B":"AAEC"},"t":{"BOOL":true},"z":{"NULL":true},
                 "ss":{"SS":["a","b"]},"ns":{"NS":["1","2.5"]},"bs":{"BS":["AAE="]},
                 "l":{"L":[{"S":"x"},{"N":"1"}]},"m":{"M":{"k":{"S":"v"}}}}""");
        Map<String, AttributeValue> item = DynamoJson.toItem(json);
        assertThat(item.get("n").n()).isEqualTo("39370");
        assertThat(item.get("m").m().get("k").s()).isEqualTo("v");
        assertThat(DynamoJson.fromItem(item)).isEqualTo(json);
    }

    @Test
    void toItem_untypedValue_namesTheAttribute() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree("{\"title\":\"plain\"}");
        assertThatThrownBy(() -> DynamoJson.toItem(json)).hasMessageContaining("title");
    }
}
