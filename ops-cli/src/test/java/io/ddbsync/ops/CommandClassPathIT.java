package io.ddbsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The class path the {@code ddbsync} script runs the command with ({@code target/classpath.txt}, written when the
 * module is packaged) links the Lambda modules' plain jars: no shaded deployable (classifier {@code lambda}) is on it,
 * and every ddbsync class is found in exactly one entry. An IT because the file is written at {@code package}.
 */
class CommandClassPathIT {

    @Test
    void classPath_ofTheCommand_noShadedJarAndEachDdbsyncClassOnce() throws IOException {
        Path file = Path.of("target", "classpath.txt");
        assertThat(file).as("written by maven-dependency-plugin at package").exists();
        List<Path> entries = new ArrayList<>();
        for (String e : Files.readString(file).strip().split(java.io.File.pathSeparator)) {
            entries.add(Path.of(e));
        }
        entries.add(0, Path.of("target", "classes"));

        assertThat(entries).as("the command's class path").isNotEmpty()
                .noneMatch(p -> p.getFileName().toString().endsWith("-lambda.jar"));
        assertThat(entries).as("the Lambda modules, as plain jars")
                .anyMatch(p -> p.getFileName().toString().matches("index-worker-[0-9].*[0-9T]\\.jar"))
                .anyMatch(p -> p.getFileName().toString().matches("stream-forwarder-[0-9].*[0-9T]\\.jar"));

        Map<String, List<Path>> where = new HashMap<>();
        for (Path entry : entries) {
            for (String c : ddbsyncClasses(entry)) {
                where.computeIfAbsent(c, k -> new ArrayList<>()).add(entry);
            }
        }
        assertThat(where).as("ddbsync classes on the class path").containsKey("io/ddbsync/worker/IndexWorkerHandler.class");
        assertThat(where.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::toString))
                .as("classes found in more than one entry").isEmpty();
    }

    /** The ddbsync class files of a jar or a class folder, as paths inside it. */
    private static List<String> ddbsyncClasses(Path entry) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(entry)) {
            try (Stream<Path> walk = Files.walk(entry)) {
                walk.map(p -> entry.relativize(p).toString().replace('\\', '/'))
                        .filter(n -> n.startsWith("io/ddbsync/") && n.endsWith(".class")).forEach(out::add);
            }
        } else if (entry.toString().endsWith(".jar") && Files.exists(entry)) {
            try (JarFile jar = new JarFile(entry.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (n.startsWith("io/ddbsync/") && n.endsWith(".class")) {
                        out.add(n);
                    }
                }
            }
        }
        return out;
    }
}
