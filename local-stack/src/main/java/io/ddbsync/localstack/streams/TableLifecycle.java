package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * The table calls that concern streams: CreateTable and UpdateTable with a {@code StreamSpecification} enable or
 * disable a stream (the server behind does not know streams, so the specification is taken out before forwarding),
 * DeleteTable ends the stream, and table descriptions get {@code StreamSpecification}, {@code LatestStreamArn} and
 * {@code LatestStreamLabel}.
 */
final class TableLifecycle {
    static final Set<String> OPERATIONS = Set.of("CreateTable", "UpdateTable", "DeleteTable", "DescribeTable");
    private static final List<String> OTHER_UPDATES = List.of("ProvisionedThroughput", "BillingMode",
            "GlobalSecondaryIndexUpdates", "SSESpecification", "ReplicaUpdates", "AttributeDefinitions",
            "TableClass", "DeletionProtectionEnabled", "OnDemandThroughput", "WarmThroughput");

    /** dynalite flips a new table to ACTIVE on a 0 ms timer; this only bounds a wait on a stalled server. */
    private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(10);

    private final DynaliteClient dynalite;
    private final StreamRegistry registry;
    private final Lock writeLock;

    TableLifecycle(DynaliteClient dynalite, StreamRegistry registry, Lock writeLock) {
        this.dynalite = dynalite;
        this.registry = registry;
        this.writeLock = writeLock;
    }

    /** What a StreamSpecification asks for: a view type to enable, or none to disable. */
    private record Wanted(Optional<String> viewType) {
    }

    DynaliteClient.Response handle(String operation, byte[] body, Map<String, List<String>> headers) {
        ObjectNode request = ApiBodies.parse(body);
        String table = request.path("TableName").asText();
        if ("DescribeTable".equals(operation)) {
            return describe(table, body, headers);
        }
        writeLock.lock();
        try {
            return switch (operation) {
                case "CreateTable" -> create(table, request, headers);
                case "UpdateTable" -> update(table, request, headers);
                case "DeleteTable" -> delete(table, body, headers);
                default -> throw new IllegalArgumentException("not a table operation: " + operation);
            };
        } finally {
            writeLock.unlock();
        }
    }

    private DynaliteClient.Response create(String table, ObjectNode request, Map<String, List<String>> headers) {
        Optional<Wanted> wanted = wanted(request.remove("StreamSpecification"));
        DynaliteClient.Response response = dynalite.forward(ApiBodies.bytes(request), headers);
        if (!response.ok()) {
            return response;
        }
        dynalite.awaitActive(table, ACTIVE_WITHIN);
        ObjectNode body = response.json();
        JsonNode description = body.path("TableDescription");
        if (wanted.isPresent() && wanted.get().viewType().isPresent() && description instanceof ObjectNode object) {
            registry.disable(table);
            TableStream stream = registry.enable(table, wanted.get().viewType().get(), keySchema(object));
            describeStream(object, stream);
            return Responses.withBody(response, body);
        }
        return response;
    }

    private DynaliteClient.Response update(String table, ObjectNode request, Map<String, List<String>> headers) {
        JsonNode specification = request.remove("StreamSpecification");
        if (specification == null) {
            return withStream(table, dynalite.forward(ApiBodies.bytes(request), headers), "TableDescription");
        }
        Wanted wanted = wanted(specification).orElseThrow();
        Optional<TableStream> current = registry.enabled(table);
        if (wanted.viewType().isPresent() && current.isPresent()) {
            throw ApiErrorException.validation("Table already has an enabled stream: " + current.get().arn());
        }
        if (wanted.viewType().isEmpty() && current.isEmpty()) {
            throw ApiErrorException.validation("Table " + table + " does not have an enabled stream to disable");
        }
        boolean otherChanges = OTHER_UPDATES.stream().anyMatch(request::has);
        DynaliteClient.Response response;
        ObjectNode description;
        ObjectNode body;
        if (otherChanges) {
            response = dynalite.forward(ApiBodies.bytes(request), headers);
            if (!response.ok()) {
                return response;
            }
            body = response.json();
            description = (ObjectNode) body.get("TableDescription");
        } else {
            ObjectNode describe = ApiBodies.object();
            describe.put("TableName", table);
            response = dynalite.call("DescribeTable", describe);
            if (!response.ok()) {
                return response;
            }
            description = (ObjectNode) response.json().get("Table");
            body = ApiBodies.object();
            body.set("TableDescription", description);
        }
        if (wanted.viewType().isPresent()) {
            describeStream(description, registry.enable(table, wanted.viewType().get(), keySchema(description)));
        } else {
            registry.disable(table);
        }
        return otherChanges ? Responses.withBody(response, body) : Responses.json(200, body);
    }

    private DynaliteClient.Response delete(String table, byte[] body, Map<String, List<String>> headers) {
        DynaliteClient.Response response = dynalite.forward(body, headers);
        if (response.ok()) {
            registry.disable(table);
        }
        return response;
    }

    private DynaliteClient.Response describe(String table, byte[] body, Map<String, List<String>> headers) {
        return withStream(table, dynalite.forward(body, headers), "Table");
    }

    private DynaliteClient.Response withStream(String table, DynaliteClient.Response response, String field) {
        Optional<TableStream> stream = registry.enabled(table);
        if (!response.ok() || stream.isEmpty()) {
            return response;
        }
        ObjectNode body = response.json();
        if (body.get(field) instanceof ObjectNode description) {
            describeStream(description, stream.get());
            return Responses.withBody(response, body);
        }
        return response;
    }

    private static void describeStream(ObjectNode description, TableStream stream) {
        ObjectNode specification = description.putObject("StreamSpecification");
        specification.put("StreamEnabled", true);
        specification.put("StreamViewType", stream.viewType());
        description.put("LatestStreamLabel", stream.label());
        description.put("LatestStreamArn", stream.arn());
    }

    private static ArrayNode keySchema(ObjectNode description) {
        JsonNode keySchema = description.get("KeySchema");
        if (!(keySchema instanceof ArrayNode array) || array.isEmpty()) {
            throw new StreamsEmulatorException("table description without KeySchema: " + description.path("TableName"));
        }
        return array;
    }

    private static Optional<Wanted> wanted(JsonNode specification) {
        if (specification == null || specification.isNull()) {
            return Optional.empty();
        }
        JsonNode enabled = specification.get("StreamEnabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw ApiErrorException.validation("StreamSpecification.StreamEnabled must be true or false");
        }
        if (!enabled.booleanValue()) {
            return Optional.of(new Wanted(Optional.empty()));
        }
        JsonNode viewType = specification.get("StreamViewType");
        if (viewType == null || !viewType.isTextual()) {
            throw ApiErrorException.validation(
                    "One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true");
        }
        if (!StreamRegistry.VIEW_TYPES.contains(viewType.asText())) {
            throw ApiErrorException.validation("Invalid StreamViewType: " + viewType.asText());
        }
        return Optional.of(new Wanted(Optional.of(viewType.asText())));
    }
}
