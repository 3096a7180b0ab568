package io.ddbsync.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TransactWriteItems for a server that lacks it (dynalite 4 answers UnknownOperationException). Runs under the
 * emulator's write lock, which every item write takes, so no other write interleaves:
 * <ol>
 *   <li>read every item's current image (consistent GetItem);</li>
 *   <li>evaluate each condition on the server without changing anything: a conditional PutItem of the unchanged
 *       image when the item exists, a conditional DeleteItem when it does not (a no-op that still evaluates);</li>
 *   <li>if a condition fails, answer {@code TransactionCanceledException} with one cancellation reason per item;</li>
 *   <li>else apply the writes in order; if the server rejects one, restore the images already changed and return
 *       its error; else record the changes.</li>
 * </ol>
 */
final class TransactWriter {
    static final int MAX_ITEMS = 100;
    private static final Pattern VALUE_TOKEN = Pattern.compile(":[A-Za-z0-9_]+");
    private static final Pattern NAME_TOKEN = Pattern.compile("#[A-Za-z0-9_]+");
    private static final String CONDITIONAL_FAILED = "ConditionalCheckFailedException";

    private final DynaliteClient dynalite;
    private final StreamRegistry registry;
    private final ChangeRecorder recorder;

    TransactWriter(DynaliteClient dynalite, StreamRegistry registry, ChangeRecorder recorder) {
        this.dynalite = dynalite;
        this.registry = registry;
        this.recorder = recorder;
    }

    /** One entry of TransactItems: its kind (Put, Update, Delete, ConditionCheck), its body and item key. */
    private record Action(String kind, ObjectNode body, String table, ObjectNode key) {
    }

    /** Must be called holding the write lock. */
    DynaliteClient.Response write(ObjectNode request) {
        List<Action> actions = actions(request);
        List<ObjectNode> oldImages = new ArrayList<>();
        for (Action action : actions) {
            DynaliteClient.Response read = dynalite.readItem(action.table(), action.key());
            if (!read.ok()) {
                return read;
            }
            oldImages.add(DynaliteClient.item(read).orElse(null));
        }
        ArrayNode reasons = ApiBodies.object().arrayNode();
        boolean cancelled = false;
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            ObjectNode reason = reasons.addObject();
            if (!action.body().has("ConditionExpression")) {
                reason.put("Code", "None");
                continue;
            }
            DynaliteClient.Response check = check(action, oldImages.get(i));
            if (check.ok()) {
                reason.put("Code", "None");
            } else if (check.json().path("__type").asText().endsWith(CONDITIONAL_FAILED)) {
                cancelled = true;
                reason.put("Code", "ConditionalCheckFailed");
                reason.put("Message", "The conditional request failed");
                if ("ALL_OLD".equals(action.body().path("ReturnValuesOnConditionCheckFailure").asText())
                        && oldImages.get(i) != null) {
                    reason.set("Item", oldImages.get(i));
                }
            } else {
                return check;
            }
        }
        if (cancelled) {
            return cancelled(reasons);
        }
        for (int i = 0; i < actions.size(); i++) {
            DynaliteClient.Response applied = apply(actions.get(i));
            if (!applied.ok()) {
                restore(actions.subList(0, i), oldImages);
                return applied;
            }
        }
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            Optional<TableStream> stream = registry.enabled(action.table());
            if (stream.isPresent() && !"ConditionCheck".equals(action.kind())) {
                ObjectNode newImage = dynalite.getItem(action.table(), action.key()).orElse(null);
                recorder.record(stream.get(), oldImages.get(i), newImage, false);
            }
        }
        return Responses.json(200, ApiBodies.object());
    }

    private List<Action> actions(ObjectNode request) {
        JsonNode items = request.path("TransactItems");
        if (!items.isArray() || items.isEmpty() || items.size() > MAX_ITEMS) {
            throw ApiErrorException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + MAX_ITEMS
                    + " and greater than or equal to 1");
        }
        List<Action> actions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode item : items) {
            if (item.size() != 1 || !item.isObject()) {
                throw ApiErrorException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            Map.Entry<String, JsonNode> entry = item.fields().next();
            String kind = entry.getKey();
            if (!Set.of("Put", "Update", "Delete", "ConditionCheck").contains(kind) || !entry.getValue().isObject()) {
                throw ApiErrorException.validation("Unknown transaction action: " + kind);
            }
            ObjectNode body = (ObjectNode) entry.getValue();
            String table = body.path("TableName").asText();
            ObjectNode key = key(table, "Put".equals(kind) ? body.get("Item") : body.get("Key"));
            if (!seen.add(table + "\u0000" + key)) {
                throw ApiErrorException.validation("Transaction request cannot include multiple operations on one item");
            }
            actions.add(new Action(kind, body, table, key));
        }
        return actions;
    }

    private ObjectNode key(String table, JsonNode itemOrKey) {
        if (itemOrKey == null || !itemOrKey.isObject()) {
            throw ApiErrorException.validation("One or more parameter values were invalid: missing Item or Key for table "
                    + table);
        }
        Optional<TableStream> stream = registry.enabled(table);
        if (stream.isPresent()) {
            return stream.get().keyOf(itemOrKey);
        }
        DynaliteClient.Response description = dynalite.call("DescribeTable", tableName(table));
        if (!description.ok()) {
            throw ApiErrorException.notFound("Requested resource not found: Table: " + table + " not found");
        }
        ObjectNode key = ApiBodies.object();
        for (JsonNode element : description.json().path("Table").path("KeySchema")) {
            String name = element.path("AttributeName").asText();
            JsonNode value = itemOrKey.get(name);
            if (value == null) {
                throw ApiErrorException.validation(
                        "One or more parameter values were invalid: Missing the key " + name + " in the item");
            }
            key.set(name, value);
        }
        return key;
    }

    /** Evaluates the action's condition on the server against {@code image}, changing nothing. */
    private DynaliteClient.Response check(Action action, ObjectNode image) {
        String condition = action.body().path("ConditionExpression").asText();
        ObjectNode request = tableName(action.table());
        request.put("ConditionExpression", condition);
        copyUsed(action.body(), request, condition);
        if (image != null) {
            request.set("Item", image);
            return dynalite.call("PutItem", request);
        }
        request.set("Key", action.key());
        return dynalite.call("DeleteItem", request);
    }

    private DynaliteClient.Response apply(Action action) {
        ObjectNode body = action.body();
        ObjectNode request = tableName(action.table());
        switch (action.kind()) {
            case "Put" -> {
                request.set("Item", body.get("Item"));
                return dynalite.call("PutItem", request);
            }
            case "Update" -> {
                String update = body.path("UpdateExpression").asText();
                request.set("Key", action.key());
                request.put("UpdateExpression", update);
                copyUsed(body, request, update);
                return dynalite.call("UpdateItem", request);
            }
            case "Delete" -> {
                request.set("Key", action.key());
                return dynalite.call("DeleteItem", request);
            }
            default -> {
                return Responses.json(200, ApiBodies.object());
            }
        }
    }

    private void restore(List<Action> applied, List<ObjectNode> oldImages) {
        for (int i = 0; i < applied.size(); i++) {
            Action action = applied.get(i);
            ObjectNode request = tableName(action.table());
            DynaliteClient.Response response;
            if (oldImages.get(i) != null) {
                request.set("Item", oldImages.get(i));
                response = dynalite.call("PutItem", request);
            } else {
                request.set("Key", action.key());
                response = dynalite.call("DeleteItem", request);
            }
            if (!response.ok()) {
                throw new StreamsEmulatorException("cannot undo a failed transaction on key " + action.key()
                        + " of table " + action.table() + ": HTTP " + response.status());
            }
        }
    }

    /** Copies the expression attribute names and values {@code expression} uses (the server rejects unused ones). */
    private static void copyUsed(ObjectNode from, ObjectNode to, String expression) {
        copyTokens(from.path("ExpressionAttributeNames"), to, "ExpressionAttributeNames", NAME_TOKEN.matcher(expression));
        copyTokens(from.path("ExpressionAttributeValues"), to, "ExpressionAttributeValues", VALUE_TOKEN.matcher(expression));
    }

    private static void copyTokens(JsonNode all, ObjectNode to, String field, Matcher tokens) {
        ObjectNode used = ApiBodies.object();
        while (tokens.find()) {
            JsonNode value = all.get(tokens.group());
            if (value != null) {
                used.set(tokens.group(), value);
            }
        }
        if (!used.isEmpty()) {
            to.set(field, used);
        }
    }

    private static DynaliteClient.Response cancelled(ArrayNode reasons) {
        List<String> codes = new ArrayList<>();
        for (Iterator<JsonNode> it = reasons.elements(); it.hasNext(); ) {
            codes.add(it.next().path("Code").asText());
        }
        ObjectNode body = ApiBodies.object();
        body.put("__type", "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
        body.put("message", "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes);
        body.set("CancellationReasons", reasons);
        return Responses.json(400, body);
    }

    private static ObjectNode tableName(String table) {
        ObjectNode request = ApiBodies.object();
        request.put("TableName", table);
        return request;
    }
}
