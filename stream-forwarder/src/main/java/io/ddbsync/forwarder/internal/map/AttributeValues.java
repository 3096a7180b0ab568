package io.ddbsync.forwarder.internal.map;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Converts the Lambda events library's {@link AttributeValue} model to typed DynamoDB JSON
 * ({@code {"S":"x"}}, {@code {"N":"1.5"}}, {@code {"B":"<base64>"}}, …), the form the wire format carries.
 *
 * <p>{@link #strict} accepts only valid DynamoDB values (exactly one type, numbers that parse, non-empty
 * sets, {@code NULL: true}) and throws {@link InvalidAttributeException} naming the attribute path
 * otherwise. {@link #lenient} writes whatever fields are set, so a record that failed strict
 * conversion can still travel verbatim.
 */
public final class AttributeValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AttributeValues() {
    }

    /** A map of attributes (Keys, NewImage) as a typed DynamoDB JSON object. */
    public static ObjectNode strict(Map<String, AttributeValue> attributes, String path) {
        ObjectNode out = JSON.objectNode();
        for (Map.Entry<String, AttributeValue> e : attributes.entrySet()) {
            String name = e.getKey();
            if (name == null) {
                throw new InvalidAttributeException(path, "attribute without a name");
            }
            out.set(name, strict(e.getValue(), path + "." + name));
        }
        return out;
    }

    /** One attribute value as typed DynamoDB JSON, e.g. {@code {"N":"42"}}. */
    public static ObjectNode strict(AttributeValue value, String path) {
        if (value == null) {
            throw new InvalidAttributeException(path, "no value");
        }
        int types = typeCount(value);
        if (types == 0) {
            throw new InvalidAttributeException(path, "no known type (expected one of S, N, B, SS, NS, BS, M, L, NULL, BOOL)");
        }
        if (types > 1) {
            throw new InvalidAttributeException(path, types + " types set at once: "
                    + String.join(", ", typeNames(value)));
        }
        ObjectNode out = JSON.objectNode();
        if (value.getS() != null) {
            out.put("S", value.getS());
        } else if (value.getN() != null) {
            out.put("N", number(value.getN(), path));
        } else if (value.getB() != null) {
            out.put("B", base64(value.getB()));
        } else if (value.getSS() != null) {
            ArrayNode set = out.putArray("SS");
            for (String s : nonEmptySet(value.getSS(), "SS", path)) {
                set.add(s);
            }
        } else if (value.getNS() != null) {
            ArrayNode set = out.putArray("NS");
            for (String n : nonEmptySet(value.getNS(), "NS", path)) {
                set.add(number(n, path));
            }
        } else if (value.getBS() != null) {
            ArrayNode set = out.putArray("BS");
            for (ByteBuffer b : nonEmptySet(value.getBS(), "BS", path)) {
                set.add(base64(b));
            }
        } else if (value.getM() != null) {
            out.set("M", strict(value.getM(), path));
        } else if (value.getL() != null) {
            ArrayNode list = out.putArray("L");
            List<AttributeValue> elements = value.getL();
            for (int i = 0; i < elements.size(); i++) {
                list.add(strict(elements.get(i), path + "[" + i + "]"));
            }
        } else if (value.getNULL() != null) {
            if (!value.getNULL()) {
                throw new InvalidAttributeException(path, "NULL must be true");
            }
            out.put("NULL", true);
        } else {
            out.put("BOOL", value.getBOOL());
        }
        return out;
    }

    /** Whatever is set, without validation; an attribute of a type the runtime did not recognise becomes {@code {}}. */
    public static ObjectNode lenient(Map<String, AttributeValue> attributes) {
        ObjectNode out = JSON.objectNode();
        attributes.forEach((name, value) -> out.set(String.valueOf(name), lenient(value)));
        return out;
    }

    public static ObjectNode lenient(AttributeValue value) {
        ObjectNode out = JSON.objectNode();
        if (value == null) {
            return out;
        }
        if (value.getS() != null) {
            out.put("S", value.getS());
        }
        if (value.getN() != null) {
            out.put("N", value.getN());
        }
        if (value.getB() != null) {
            out.put("B", base64(value.getB()));
        }
        if (value.getSS() != null) {
            ArrayNode a = out.putArray("SS");
            value.getSS().forEach(a::add);
        }
        if (value.getNS() != null) {
            ArrayNode a = out.putArray("NS");
            value.getNS().forEach(a::add);
        }
        if (value.getBS() != null) {
            ArrayNode a = out.putArray("BS");
            value.getBS().forEach(b -> a.add(b == null ? null : base64(b)));
        }
        if (value.getM() != null) {
            out.set("M", lenient(value.getM()));
        }
        if (value.getL() != null) {
            ArrayNode a = out.putArray("L");
            value.getL().forEach(v -> a.add(lenient(v)));
        }
        if (value.getNULL() != null) {
            out.put("NULL", value.getNULL());
        }
        if (value.getBOOL() != null) {
            out.put("BOOL", value.getBOOL());
        }
        return out;
    }

    private static List<String> typeNames(AttributeValue v) {
        List<String> names = new java.util.ArrayList<>();
        lenient(v).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int typeCount(AttributeValue v) {
        int n = 0;
        for (Object field : new Object[] {v.getS(), v.getN(), v.getB(), v.getSS(), v.getNS(), v.getBS(), v.getM(), v.getL(),
                v.getNULL(), v.getBOOL()}) {
            if (field != null) {
                n++;
            }
        }
        return n;
    }

    private static String number(String text, String path) {
        if (text == null) {
            throw new InvalidAttributeException(path, "null number");
        }
        try {
            new BigDecimal(text);
            return text;
        } catch (NumberFormatException e) {
            throw new InvalidAttributeException(path, "not a number: \"" + abbreviate(text) + "\"", e);
        }
    }

    private static <T> List<T> nonEmptySet(List<T> set, String type, String path) {
        if (set.isEmpty()) {
            throw new InvalidAttributeException(path, "empty " + type + " set");
        }
        if (set.contains(null)) {
            throw new InvalidAttributeException(path, "null element in " + type + " set");
        }
        return set;
    }

    private static String base64(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
