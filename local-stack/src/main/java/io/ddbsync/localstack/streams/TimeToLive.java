package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Time to live, which dynalite lacks (no UpdateTimeToLive; DescribeTimeToLive always answers DISABLED): the proxy
 * keeps each table's TTL attribute and, when asked ({@link #expire}), deletes the expired items through
 * {@link WriteRecorder#deleteByTtl}, so their REMOVE records carry the TTL service identity.
 */
final class TimeToLive {
    static final Set<String> OPERATIONS = Set.of("UpdateTimeToLive", "DescribeTimeToLive");

    private final DynaliteClient dynalite;
    private final StreamRegistry registry;
    private final WriteRecorder writes;
    private final Map<String, String> attributes = new ConcurrentHashMap<>();

    TimeToLive(DynaliteClient dynalite, StreamRegistry registry, WriteRecorder writes) {
        this.dynalite = dynalite;
        this.registry = registry;
        this.writes = writes;
    }

    DynaliteClient.Response handle(String operation, byte[] body, Map<String, List<String>> headers) {
        ObjectNode request = ApiBodies.parse(body);
        String table = request.path("TableName").asText();
        DynaliteClient.Response described = describeTable(table);
        if (!described.ok()) {
            return described;
        }
        ObjectNode response = ApiBodies.object();
        if ("UpdateTimeToLive".equals(operation)) {
            JsonNode specification = request.path("TimeToLiveSpecification");
            String attribute = specification.path("AttributeName").asText("");
            if (!specification.path("Enabled").isBoolean() || attribute.isEmpty()) {
                throw ApiErrorException.validation("TimeToLiveSpecification needs Enabled and AttributeName");
            }
            boolean enable = specification.path("Enabled").booleanValue();
            String current = attributes.get(table);
            if (enable == (current != null)) {
                throw ApiErrorException.validation(enable ? "TimeToLive is already enabled" : "TimeToLive is already disabled");
            }
            if (enable) {
                attributes.put(table, attribute);
            } else {
                attributes.remove(table);
            }
            response.set("TimeToLiveSpecification", specification);
            return Responses.json(200, response);
        }
        ObjectNode description = response.putObject("TimeToLiveDescription");
        String attribute = attributes.get(table);
        description.put("TimeToLiveStatus", attribute == null ? "DISABLED" : "ENABLED");
        if (attribute != null) {
            description.put("AttributeName", attribute);
        }
        return Responses.json(200, response);
    }

    /** Deletes every item whose TTL attribute is a number of epoch seconds before now; returns how many. */
    int expire() {
        int deleted = 0;
        for (Map.Entry<String, String> ttl : Map.copyOf(attributes).entrySet()) {
            String table = ttl.getKey();
            DynaliteClient.Response described = describeTable(table);
            if (!described.ok()) {
                attributes.remove(table);
                continue;
            }
            JsonNode keySchema = described.json().path("Table").path("KeySchema");
            long now = registry.now().getEpochSecond();
            JsonNode startKey = null;
            do {
                ObjectNode scan = ApiBodies.object();
                scan.put("TableName", table);
                scan.put("FilterExpression", "#ttl < :now");
                scan.putObject("ExpressionAttributeNames").put("#ttl", ttl.getValue());
                scan.putObject("ExpressionAttributeValues").putObject(":now").put("N", Long.toString(now));
                if (startKey != null) {
                    scan.set("ExclusiveStartKey", startKey);
                }
                DynaliteClient.Response page = dynalite.call("Scan", scan);
                if (!page.ok()) {
                    throw new StreamsEmulatorException("TTL scan of table " + table + " failed: HTTP " + page.status());
                }
                ObjectNode result = page.json();
                for (JsonNode item : result.path("Items")) {
                    ObjectNode key = ApiBodies.object();
                    keySchema.forEach(element -> {
                        String name = element.path("AttributeName").asText();
                        key.set(name, item.get(name));
                    });
                    if (writes.deleteByTtl(table, key, ttl.getValue(), now)) {
                        deleted++;
                    }
                }
                startKey = result.get("LastEvaluatedKey");
            } while (startKey != null && !startKey.isEmpty());
        }
        return deleted;
    }

    private DynaliteClient.Response describeTable(String table) {
        ObjectNode request = ApiBodies.object();
        request.put("TableName", table);
        return dynalite.call("DescribeTable", request);
    }
}
