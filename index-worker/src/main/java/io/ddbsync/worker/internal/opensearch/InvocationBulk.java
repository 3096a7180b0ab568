package io.ddbsync.worker.internal.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbsync.aws.search.BulkAction;
import io.ddbsync.aws.search.SearchReply;
import io.ddbsync.aws.search.SearchTransportException;
import io.ddbsync.worker.opensearch.BulkSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One invocation's {@code _bulk} gather ({@code BULK_PER_INVOCATION}): the messages of a batch run in parallel, each
 * with its own version guard; instead of one {@code _bulk} per message, the requests they make at about the same time
 * are sent as one request and its reply is handed back to each, cut to its own items. A request goes out when every
 * running message of the invocation has one waiting (or has finished), or when the oldest waiting one has waited
 * {@link #LINGER}, so a message held up elsewhere (a DynamoDB read) delays the others by at most that. Requests larger
 * together than {@code maxBulkBytes} go out as several, each within the bound. A whole-request error (429, 5xx, 413
 * of a gathered request is sent again per message) or a transport failure reaches every message of the request, whose
 * writer retries it as it would its own. Thread-safe; one per invocation.
 */
public final class InvocationBulk implements BulkSender {

    /** The longest a request waits for the invocation's other messages before it goes out alone. */
    public static final Duration LINGER = Duration.ofMillis(200);

    private final BulkSender direct;
    private final int maxBulkBytes;
    private final long lingerNanos;
    private final List<Waiting> waiting = new ArrayList<>();
    private int running;

    /**
     * @param direct       the target's {@code _bulk}
     * @param maxBulkBytes bound of one request body in bytes ({@code BULK_MAX_BYTES})
     */
    public InvocationBulk(BulkSender direct, int maxBulkBytes) {
        this(direct, maxBulkBytes, LINGER);
    }

    InvocationBulk(BulkSender direct, int maxBulkBytes, Duration linger) {
        this.direct = direct;
        this.maxBulkBytes = maxBulkBytes;
        this.lingerNanos = linger.toNanos();
    }

    /** A message of the invocation started; every {@code enter} is followed by one {@link #leave}. */
    public synchronized void enter() {
        running++;
    }

    /** A message of the invocation finished: the others no longer wait for its request. */
    public synchronized void leave() {
        running--;
        notifyAll();
    }

    /** One message's request, waiting to go out with the others, then its reply or failure. */
    private static final class Waiting {
        final List<BulkAction> actions;
        final Duration timeout;
        final long since = System.nanoTime();
        final long bytes;
        boolean taken;
        boolean done;
        SearchReply reply;
        RuntimeException failure;

        Waiting(List<BulkAction> actions, Duration timeout) {
            this.actions = actions;
            this.timeout = timeout;
            this.bytes = actions.stream().mapToLong(a -> a.size()).sum();
        }
    }

    @Override
    public SearchReply bulk(List<BulkAction> actions, Duration timeout) {
        Waiting mine = new Waiting(List.copyOf(actions), timeout);
        List<Waiting> group;
        synchronized (this) {
            waiting.add(mine);
            notifyAll();
            try {
                group = awaitTurn(mine);
            } catch (SearchTransportException e) {
                waiting.remove(mine); // interrupted before any request took it: it is not sent
                throw e;
            }
        }
        if (group != null) {
            try {
                send(group);
            } catch (RuntimeException e) {
                group.forEach(w -> finishIfOpen(w, e)); // never leave a message waiting for a reply that will not come
            }
        }
        synchronized (this) {
            while (!mine.done) {
                awaitQuietly(0);
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.reply;
    }

    /** Under the lock: null once another thread took {@code mine}; else the group this thread sends. */
    private List<Waiting> awaitTurn(Waiting mine) {
        while (!mine.taken) {
            long waited = System.nanoTime() - waiting.get(0).since;
            if (waiting.size() >= running || waited >= lingerNanos) {
                List<Waiting> group = new ArrayList<>(waiting);
                waiting.clear();
                group.forEach(w -> w.taken = true);
                return group;
            }
            awaitQuietly(Math.max(1, (lingerNanos - waited) / 1_000_000));
        }
        return null;
    }

    private void awaitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SearchTransportException("interrupted while waiting for the invocation's _bulk", e);
        }
    }

    /** Sends {@code group} as few requests within the bound as its order allows, and hands each its part. */
    private void send(List<Waiting> group) {
        List<Waiting> request = new ArrayList<>();
        long bytes = 0;
        for (Waiting w : group) {
            if (!request.isEmpty() && bytes + w.bytes > maxBulkBytes) {
                sendOne(request);
                request = new ArrayList<>();
                bytes = 0;
            }
            request.add(w);
            bytes += w.bytes;
        }
        sendOne(request);
    }

    private void sendOne(List<Waiting> request) {
        if (request.size() == 1) {
            Waiting w = request.get(0);
            try {
                finish(w, direct.bulk(w.actions, w.timeout), null);
            } catch (RuntimeException e) {
                finish(w, null, e);
            }
            return;
        }
        List<BulkAction> all = new ArrayList<>();
        Duration timeout = request.get(0).timeout;
        for (Waiting w : request) {
            all.addAll(w.actions);
            timeout = w.timeout.compareTo(timeout) < 0 ? w.timeout : timeout;
        }
        SearchReply reply;
        try {
            reply = direct.bulk(all, timeout);
        } catch (RuntimeException e) {
            request.forEach(w -> finish(w, null, e));
            return;
        }
        if (reply.status() == 413) {
            request.forEach(w -> sendOne(List.of(w))); // the gathered request is what was too large: each alone
            return;
        }
        JsonNode items = reply.body().path("items");
        if (!reply.ok() || !items.isArray() || items.size() != all.size()) {
            request.forEach(w -> finish(w, reply, null)); // a whole-request answer is each message's answer
            return;
        }
        int from = 0;
        for (Waiting w : request) {
            finish(w, part(items, from, w.actions.size()), null);
            from += w.actions.size();
        }
    }

    /** {@code {"errors":bool,"items":[…]}} of {@code n} items of {@code items} from {@code from}. */
    static SearchReply part(JsonNode items, int from, int n) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode mine = JsonNodeFactory.instance.arrayNode(n);
        boolean errors = false;
        for (int i = from; i < from + n; i++) {
            JsonNode item = items.get(i);
            mine.add(item);
            for (JsonNode action : item) {
                errors |= action.path("status").asInt(200) >= 300;
            }
        }
        body.put("errors", errors);
        body.set("items", mine);
        return new SearchReply(200, body);
    }

    private synchronized void finishIfOpen(Waiting w, RuntimeException failure) {
        if (!w.done) {
            finish(w, null, failure);
        }
    }

    private synchronized void finish(Waiting w, SearchReply reply, RuntimeException failure) {
        w.reply = reply;
        w.failure = failure;
        w.done = true;
        notifyAll();
    }
}
