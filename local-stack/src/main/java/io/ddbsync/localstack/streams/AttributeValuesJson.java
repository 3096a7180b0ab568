package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** SDK {@link AttributeValue}s as DynamoDB JSON ({@code {"S":"x"}}, {@code {"N":"1"}}, …). */
final class AttributeValuesJson {
    private AttributeValuesJson() {
    }

    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode json = Json.object();
        item.forEach((name, value) -> json.set(name, value(value)));
        return json;
    }

    static ObjectNode value(AttributeValue value) {
        ObjectNode json = Json.object();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case B -> json.put("B", base64(value.b()));
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case SS -> value.ss().forEach(json.putArray("SS")::add);
            case NS -> value.ns().forEach(json.putArray("NS")::add);
            case BS -> {
                ArrayNode set = json.putArray("BS");
                value.bs().forEach(bytes -> set.add(base64(bytes)));
            }
            case L -> {
                ArrayNode list = json.putArray("L");
                value.l().forEach(element -> list.add(value(element)));
            }
            case M -> json.set("M", item(value.m()));
            default -> throw new IllegalArgumentException("attribute value of unknown type: " + value);
        }
        return json;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
