package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.OptionalLong;

/** The DynamoDB Streams API over the recorded streams: ListStreams, DescribeStream, GetShardIterator, GetRecords. */
final class StreamsApi {
    static final String TARGET_PREFIX = "DynamoDBStreams_20120810.";
    static final int MAX_LIMIT = 1000;
    /** Like DynamoDB Streams, a GetRecords page holds at most 1 MB of records. */
    static final long MAX_PAGE_BYTES = 1024 * 1024;
    private static final int MAX_STREAMS = 100;

    private final StreamRegistry registry;

    StreamsApi(StreamRegistry registry) {
        this.registry = registry;
    }

    ObjectNode handle(String operation, ObjectNode request) {
        return switch (operation) {
            case "ListStreams" -> listStreams(request);
            case "DescribeStream" -> describeStream(request);
            case "GetShardIterator" -> getShardIterator(request);
            case "GetRecords" -> getRecords(request);
            default -> throw new ApiErrorException("UnknownOperationException", "Unknown operation " + operation);
        };
    }

    private ObjectNode listStreams(ObjectNode request) {
        String table = text(request, "TableName");
        String exclusiveStart = text(request, "ExclusiveStartStreamArn");
        int limit = limit(request, MAX_STREAMS);
        List<TableStream> streams = registry.all().stream()
                .filter(stream -> table == null || stream.table().equals(table)).toList();
        int from = 0;
        if (exclusiveStart != null) {
            from = streams.stream().map(TableStream::arn).toList().indexOf(exclusiveStart) + 1;
            if (from == 0) {
                throw ApiErrorException.notFound("Requested resource not found: Stream: " + exclusiveStart + " not found");
            }
        }
        ObjectNode response = ApiBodies.object();
        ArrayNode list = response.putArray("Streams");
        int to = Math.min(streams.size(), from + limit);
        for (TableStream stream : streams.subList(from, to)) {
            ObjectNode entry = list.addObject();
            entry.put("StreamArn", stream.arn());
            entry.put("TableName", stream.table());
            entry.put("StreamLabel", stream.label());
        }
        if (to < streams.size()) {
            response.put("LastEvaluatedStreamArn", streams.get(to - 1).arn());
        }
        return response;
    }

    private ObjectNode describeStream(ObjectNode request) {
        TableStream stream = registry.byArn(required(request, "StreamArn"));
        limit(request, MAX_STREAMS);
        String exclusiveStartShard = text(request, "ExclusiveStartShardId");
        ObjectNode description = ApiBodies.object();
        description.put("StreamArn", stream.arn());
        description.put("StreamLabel", stream.label());
        description.put("StreamStatus", stream.enabled() ? "ENABLED" : "DISABLED");
        description.put("StreamViewType", stream.viewType());
        description.put("CreationRequestDateTime", stream.created().toEpochMilli() / 1000.0);
        description.put("TableName", stream.table());
        description.set("KeySchema", stream.keySchema());
        ArrayNode shards = description.putArray("Shards");
        List<TableStream.Shard> all = stream.shards();
        int from = 0;
        if (exclusiveStartShard != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).shardId().equals(exclusiveStartShard)) {
                    from = i + 1;
                }
            }
        }
        for (TableStream.Shard s : all.subList(from, all.size())) {
            if (s.closed() && s.endN().getAsLong() < stream.trimHorizon() && s.endN().getAsLong() >= s.startN()) {
                continue; // every record of the shard is trimmed: the shard is gone
            }
            ObjectNode shard = shards.addObject();
            shard.put("ShardId", s.shardId());
            if (s.parentShardId() != null) {
                shard.put("ParentShardId", s.parentShardId());
            }
            ObjectNode range = shard.putObject("SequenceNumberRange");
            range.put("StartingSequenceNumber", SequenceNumbers.format(Math.max(s.startN(), stream.trimHorizon())));
            if (s.closed()) {
                range.put("EndingSequenceNumber", SequenceNumbers.format(s.endN().getAsLong()));
            }
        }
        ObjectNode response = ApiBodies.object();
        response.set("StreamDescription", description);
        return response;
    }

    private ObjectNode getShardIterator(ObjectNode request) {
        TableStream stream = registry.byArn(required(request, "StreamArn"));
        String shardId = required(request, "ShardId");
        TableStream.Shard shard = stream.shard(shardId).orElseThrow(
                () -> ApiErrorException.notFound("Requested resource not found: Shard does not exist: " + shardId));
        String type = required(request, "ShardIteratorType");
        long next = switch (type) {
            case "TRIM_HORIZON" -> Math.max(shard.startN(), stream.trimHorizon());
            case "LATEST" -> shard.endN().orElse(registry.lastN()) + 1;
            case "AT_SEQUENCE_NUMBER" -> atOrAfter(stream, shard, required(request, "SequenceNumber"), 0);
            case "AFTER_SEQUENCE_NUMBER" -> atOrAfter(stream, shard, required(request, "SequenceNumber"), 1);
            default -> throw ApiErrorException.validation("1 validation error detected: Value '" + type
                    + "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]");
        };
        ObjectNode response = ApiBodies.object();
        response.put("ShardIterator", ShardIterators.encode(
                new ShardIterators.Position(stream.arn(), shardId, next, registry.now())));
        return response;
    }

    private static long atOrAfter(TableStream stream, TableStream.Shard shard, String sequenceNumber, int offset) {
        long n = SequenceNumbers.parse(sequenceNumber);
        if (n < shard.startN() || n > shard.endN().orElse(Long.MAX_VALUE)) {
            throw ApiErrorException.validation("Invalid SequenceNumber " + sequenceNumber + " for shard "
                    + shard.shardId() + " of stream " + stream.arn());
        }
        if (n < stream.trimHorizon()) {
            throw new ApiErrorException("TrimmedDataAccessException", "Sequence number " + sequenceNumber
                    + " is beyond the trim horizon of shard " + shard.shardId() + " of stream " + stream.arn());
        }
        if (!stream.contains(n)) {
            throw ApiErrorException.validation("Invalid SequenceNumber " + sequenceNumber + " for shard "
                    + shard.shardId() + " of stream " + stream.arn());
        }
        return n + offset;
    }

    private ObjectNode getRecords(ObjectNode request) {
        ShardIterators.Position position = ShardIterators.decode(required(request, "ShardIterator"), registry.now());
        int limit = limit(request, MAX_LIMIT);
        TableStream stream = registry.byArn(position.streamArn());
        TableStream.Shard shard = stream.shard(position.shardId()).orElseThrow(
                () -> ApiErrorException.notFound("Requested resource not found: Shard does not exist: " + position.shardId()));
        TableStream.Page page = stream.read(shard, position.next(), limit, MAX_PAGE_BYTES);
        ObjectNode response = ApiBodies.object();
        ArrayNode records = response.putArray("Records");
        page.records().forEach(record -> records.add(record.json()));
        if (!page.closed()) {
            response.put("NextShardIterator", ShardIterators.encode(
                    new ShardIterators.Position(stream.arn(), shard.shardId(), page.next(), registry.now())));
        }
        return response;
    }

    private static int limit(ObjectNode request, int max) {
        JsonNode limit = request.get("Limit");
        if (limit == null || limit.isNull()) {
            return max;
        }
        if (!limit.canConvertToInt() || limit.asInt() < 1 || limit.asInt() > max) {
            throw ApiErrorException.validation("1 validation error detected: Value '" + limit.asText()
                    + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and " + max);
        }
        return limit.asInt();
    }

    private static String text(ObjectNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String required(ObjectNode request, String field) {
        String value = text(request, field);
        if (value == null || value.isEmpty()) {
            throw ApiErrorException.validation("1 validation error detected: Value null at '"
                    + Character.toLowerCase(field.charAt(0)) + field.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }
}
