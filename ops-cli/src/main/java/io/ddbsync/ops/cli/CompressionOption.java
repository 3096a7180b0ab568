package io.ddbsync.ops.cli;

import io.ddbsync.model.wire.Compression;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --compression gzip|none}: how change messages carry their records, as the forwarder's COMPRESSION. */
public final class CompressionOption {

    @Option(names = "--compression", defaultValue = "gzip", paramLabel = "gzip|none", converter = Converter.class,
            description = "How change messages carry their records, as the forwarder's COMPRESSION: gzip (wire version 2) "
                    + "or none (version 1) (default: ${DEFAULT-VALUE}).")
    Compression compression = Compression.DEFAULT;

    public Compression get() {
        return compression;
    }

    /** {@code gzip} or {@code none}, any case. */
    static final class Converter implements ITypeConverter<Compression> {
        @Override
        public Compression convert(String value) {
            String v = value.strip().toUpperCase(Locale.ROOT);
            for (Compression c : Compression.values()) {
                if (c.name().equals(v)) {
                    return c;
                }
            }
            throw new TypeConversionException("must be gzip or none, got '" + value + "'");
        }
    }
}
