package io.ddbsync.ops;

import io.ddbsync.model.wire.Compression;
import io.ddbsync.ops.operations.OpsException;
import java.util.Locale;

/** The {@code --compression} option of every command that sends change messages: {@code gzip} | {@code none}. */
public final class Compressions {

    private Compressions() {
    }

    public static Compression parse(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (Compression c : Compression.values()) {
            if (c.name().equals(v)) {
                return c;
            }
        }
        throw new OpsException("--compression must be gzip or none, got '" + value + "'");
    }
}
