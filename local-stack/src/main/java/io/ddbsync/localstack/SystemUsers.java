package io.ddbsync.localstack;

import java.util.List;

/** Looks up and creates the unprivileged system user services run as when the JVM runs as root. */
final class SystemUsers {
    private static final int CREATE_ATTEMPTS = 10;

    private SystemUsers() {
    }

    static synchronized void ensureExists(String name) {
        for (int attempt = 1; !exists(name); attempt++) {
            String useradd = Commands.find("useradd").map(Object::toString).orElseThrow(() ->
                    new LocalStackException("user " + name + " does not exist and useradd is not available to create it"));
            Commands.Result result = Commands.run(List.of(useradd, "--system", "--user-group", "--no-create-home",
                    "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "--comment", "ddbsync local services", name));
            if (result.ok() || exists(name)) {
                return;
            }
            // Another process may hold the passwd lock while creating the same user: try again shortly.
            if (attempt == CREATE_ATTEMPTS) {
                throw new LocalStackException("cannot create system user " + name + ": " + result.output());
            }
            pause(200);
        }
    }

    static boolean exists(String name) {
        return Commands.run(List.of("id", "-u", name)).ok();
    }

    static int id(String name, String flag) {
        Commands.Result result = Commands.run(List.of("id", flag, name));
        if (!result.ok()) {
            throw new LocalStackException("cannot look up id " + flag + " of user " + name + ": " + result.output());
        }
        return Integer.parseInt(result.output().trim());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while creating system user", e);
        }
    }
}
