package io.ddbsync.aws.backfill;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB counts it for capacity (Amazon DynamoDB Developer Guide, "Item sizes and formats"):
 * attribute names' UTF-8 bytes plus values — strings their UTF-8 bytes, binaries their bytes, numbers about one byte
 * per two significant digits plus one, booleans and nulls one byte, lists and maps 3 bytes plus one per element plus
 * their elements. An estimate for when Scan returns no ConsumedCapacity.
 */
final class ItemSizes {

    private ItemSizes() {
    }

    static long bytes(Map<String, AttributeValue> item) {
        long n = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            n += utf8(e.getKey()) + value(e.getValue());
        }
        return n;
    }

    /** Read capacity units of an eventually consistent read of {@code bytes}: 0.5 per 4 KB started. */
    static double eventuallyConsistentReadUnits(long bytes) {
        return Math.max(1, (bytes + 4095) / 4096) * 0.5;
    }

    private static long value(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return number(v.n());
        }
        if (v.b() != null) {
            return v.b().asByteArrayUnsafe().length;
        }
        if (v.bool() != null || v.nul() != null) {
            return 1;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(ItemSizes::utf8).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(ItemSizes::number).sum();
        }
        if (v.hasBs()) {
            return v.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
        }
        if (v.hasL()) {
            List<AttributeValue> l = v.l();
            return 3 + l.size() + l.stream().mapToLong(ItemSizes::value).sum();
        }
        if (v.hasM()) {
            return 3 + v.m().size() + bytes(v.m());
        }
        return 1;
    }

    private static long number(String n) {
        long digits = n.chars().filter(Character::isDigit).count();
        return (digits + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
