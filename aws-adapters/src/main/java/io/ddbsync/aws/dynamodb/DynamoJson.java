package io.ddbsync.aws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB JSON (the typed form the wire format carries) ↔ SDK v2 {@link AttributeValue}s. */
public final class DynamoJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DynamoJson() {
    }

    public static Map<String, AttributeValue> toItem(ObjectNode json) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            item.put(e.getKey(), toValue(e.getKey(), e.getValue()));
        }
        return item;
    }

    public static ObjectNode fromItem(Map<String, AttributeValue> item) {
        ObjectNode json = F.objectNode();
        item.forEach((k, v) -> json.set(k, fromValue(v)));
        return json;
    }

    static AttributeValue toValue(String path, JsonNode typed) {
        if (!typed.isObject() || typed.size() != 1) {
            throw new IllegalArgumentException("attribute " + path + " is not a typed DynamoDB JSON value: " + typed);
        }
        Map.Entry<String, JsonNode> e = typed.properties().iterator().next();
        JsonNode v = e.getValue();
        return switch (e.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(texts(v));
            case "NS" -> AttributeValue.fromNs(texts(v));
            case "BS" -> AttributeValue.fromBs(texts(v).stream()
                    .map(s -> SdkBytes.fromByteArray(Base64.getDecoder().decode(s))).toList());
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    list.add(toValue(path + "[" + i + "]", v.get(i)));
                }
                yield AttributeValue.fromL(list);
            }
            case "M" -> {
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> m : v.properties()) {
                    map.put(m.getKey(), toValue(path + "." + m.getKey(), m.getValue()));
                }
                yield AttributeValue.fromM(map);
            }
            default -> throw new IllegalArgumentException("attribute " + path + " has unknown type " + e.getKey());
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static JsonNode fromValue(AttributeValue v) {
        ObjectNode o = F.objectNode();
        switch (v.type()) {
            case S -> o.put("S", v.s());
            case N -> o.put("N", v.n());
            case B -> o.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> o.put("BOOL", v.bool());
            case NUL -> o.put("NULL", true);
            case SS -> v.ss().forEach(o.putArray("SS")::add);
            case NS -> v.ns().forEach(o.putArray("NS")::add);
            case BS -> {
                ArrayNode a = o.putArray("BS");
                v.bs().forEach(b -> a.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            }
            case L -> {
                ArrayNode a = o.putArray("L");
                v.l().forEach(x -> a.add(fromValue(x)));
            }
            case M -> {
                ObjectNode m = o.putObject("M");
                v.m().forEach((k, x) -> m.set(k, fromValue(x)));
            }
            default -> throw new IllegalArgumentException("unsupported attribute value type " + v.type());
        }
        return o;
    }
}
