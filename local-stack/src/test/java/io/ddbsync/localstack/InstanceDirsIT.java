package io.ddbsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Working directories and the distribution end up where the service user can reach them. As root the
 * service user is an unprivileged system user, who cannot enter a 0700 directory owned by root (like a
 * project cloned into root's home); as any other user the service runs as that user, who can.
 */
class InstanceDirsIT {
    private final RunAs runAs = RunAs.unprivileged();
    private Path locked;
    private Path instance;

    @BeforeEach
    void lockedDirectory() throws IOException {
        locked = Files.createDirectories(Path.of("target", "locked-" + UUID.randomUUID()).toAbsolutePath());
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void cleanUp() {
        if (instance != null) {
            InstanceDirs.delete(instance);
        }
        InstanceDirs.delete(locked);
    }

    @Test
    void create_preferredPlaceUnreachableForServiceUser_usesWritableDirElsewhere() {
        System.setProperty(InstanceDirs.WORKDIR_PROPERTY, locked.resolve("work").toString());
        try {
            instance = InstanceDirs.create("probe", runAs);
        } finally {
            System.clearProperty(InstanceDirs.WORKDIR_PROPERTY);
        }

        assertThat(runAs.canAccess(List.of(), List.of(instance))).isTrue();
        if (runAs.isOtherUser()) {
            assertThat(instance.startsWith(locked)).as("inside the locked directory").isFalse();
            assertThat(instance).startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        } else {
            assertThat(instance).startsWith(locked.resolve("work"));
        }
    }

    @Test
    void reachableHome_distributionUnreadableForServiceUser_copiedIntoInstanceDir() throws IOException {
        Path distribution = fakeDistribution(locked.resolve("opensearch"));
        instance = InstanceDirs.create("probe", runAs);

        Path home = LocalOpenSearch.reachableHome(distribution, "2.19.6", instance, runAs);
        runAs.own(instance);

        List<Path> probes = List.of(home.resolve("lib/opensearch-2.19.6.jar"),
                home.resolve("modules/lang-painless/plugin-descriptor.properties"));
        assertThat(runAs.canAccess(probes, List.of())).isTrue();
        assertThat(Files.readString(probes.get(0))).isEqualTo("jar");
        if (runAs.isOtherUser()) {
            assertThat(home).isEqualTo(instance.resolve("home"));
        } else {
            assertThat(home).isEqualTo(distribution);
        }
    }

    private static Path fakeDistribution(Path root) throws IOException {
        Files.createDirectories(root.resolve("lib"));
        Files.createDirectories(root.resolve("modules/lang-painless"));
        Files.writeString(root.resolve("lib/opensearch-2.19.6.jar"), "jar");
        Files.writeString(root.resolve("modules/lang-painless/plugin-descriptor.properties"), "name=lang-painless\n");
        return root;
    }
}
