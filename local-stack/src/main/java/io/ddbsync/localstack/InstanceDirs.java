package io.ddbsync.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Per-instance working directories. By default under the caller's {@code target/local-stack/} (the working
 * directory of Maven test runs), else the system temp dir; property {@value #WORKDIR_PROPERTY} overrides.
 * When the service user cannot reach that place (e.g. a project inside a 0700 home directory while
 * running as root), the directory goes to the system temp dir instead. Every instance gets its own
 * directory, so concurrent JVMs never share data.
 */
final class InstanceDirs {
    static final String WORKDIR_PROPERTY = "ddbsync.localstack.workdir";

    private InstanceDirs() {
    }

    /** A new empty directory owned by {@code runAs} that {@code runAs} can write. */
    static Path create(String service, RunAs runAs) {
        Path preferred = preferredBase();
        try {
            Files.createDirectories(preferred);
            String prefix = preferred.equals(tempBase()) ? "ddbsync-" + service + "-" : service + "-";
            Path dir = Files.createTempDirectory(preferred, prefix);
            runAs.own(dir);
            if (runAs.canAccess(List.of(), List.of(dir))) {
                return dir;
            }
            delete(dir);
            Path fallback = Files.createTempDirectory(tempBase(), "ddbsync-" + service + "-");
            runAs.own(fallback);
            if (!runAs.canAccess(List.of(), List.of(fallback))) {
                delete(fallback);
                throw new LocalStackException("user " + runAs.describe() + " can write neither " + preferred
                        + " nor the system temp dir " + tempBase());
            }
            return fallback;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory for " + service + " under " + preferred, e);
        }
    }

    static Path preferredBase() {
        String configured = System.getProperty(WORKDIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path target = Path.of("target").toAbsolutePath();
        return Files.isDirectory(target) ? target.resolve("local-stack") : tempBase();
    }

    private static Path tempBase() {
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    }

    /** Copies a directory tree (used when the service user cannot read the prepared original). */
    static void copyTree(Path source, Path target) {
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, target.resolve(source.relativize(file).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }

    /** Deletes a directory tree; missing is fine. */
    static void delete(Path tree) {
        if (!Files.exists(tree)) {
            return;
        }
        try {
            Files.walkFileTree(tree, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + tree, e);
        }
    }
}
