package io.ddbsync.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The OS user a service process runs as. OpenSearch refuses to run as root, so when this JVM runs as root
 * it runs as an unprivileged system user (default {@value #DEFAULT_USER}, property {@value #USER_PROPERTY}),
 * created with {@code useradd} if missing; otherwise as the current user. On Linux the process gets a
 * parent-death signal ({@code setpriv --pdeathsig}), so it does not outlive a JVM that is killed.
 */
final class RunAs {
    static final String USER_PROPERTY = "ddbsync.localstack.user";
    static final String DEFAULT_USER = "ddbsync";

    private final String user;
    private final int uid;
    private final int gid;
    private final Optional<Path> setpriv;

    private RunAs(String user, int uid, int gid, Optional<Path> setpriv) {
        this.user = user;
        this.uid = uid;
        this.gid = gid;
        this.setpriv = setpriv;
    }

    /** The current user. */
    static RunAs currentUser() {
        return new RunAs(null, -1, -1, Commands.find("setpriv"));
    }

    /** An unprivileged user when this JVM runs as root, else the current user. */
    static RunAs unprivileged() {
        if (!isRoot()) {
            return currentUser();
        }
        String name = System.getProperty(USER_PROPERTY, DEFAULT_USER);
        SystemUsers.ensureExists(name);
        return new RunAs(name, SystemUsers.id(name, "-u"), SystemUsers.id(name, "-g"), Commands.find("setpriv"));
    }

    static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    boolean isOtherUser() {
        return user != null;
    }

    String describe() {
        return user == null ? System.getProperty("user.name") : user + " (uid " + uid + ")";
    }

    /** {@code command} wrapped so it runs as this user and dies with the JVM. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>();
        if (setpriv.isPresent()) {
            wrapped.add(setpriv.get().toString());
            if (user != null) {
                wrapped.add("--reuid=" + uid);
                wrapped.add("--regid=" + gid);
                wrapped.add("--clear-groups");
            }
            wrapped.add("--pdeathsig=TERM");
            wrapped.add("--");
        } else if (user != null) {
            Path runuser = Commands.find("runuser").or(() -> Commands.find("su")).orElseThrow(() ->
                    new LocalStackException("neither setpriv nor runuser nor su found: cannot run a service as " + user));
            if (runuser.getFileName().toString().equals("su")) {
                wrapped.addAll(List.of(runuser.toString(), "-s", "/bin/sh", user, "-c", "exec \"$0\" \"$@\""));
            } else {
                wrapped.addAll(List.of(runuser.toString(), "-u", user, "--"));
            }
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** Whether this user can read every file and write every directory given (checked as that user). */
    boolean canAccess(List<Path> readableFiles, List<Path> writableDirs) {
        if (user == null) {
            return readableFiles.stream().allMatch(Files::isReadable)
                    && writableDirs.stream().allMatch(d -> Files.isWritable(d) && Files.isExecutable(d));
        }
        List<String> test = new ArrayList<>(List.of("test", "-e", "/"));
        readableFiles.forEach(f -> test.addAll(List.of("-a", "-r", f.toString())));
        writableDirs.forEach(d -> test.addAll(List.of("-a", "-w", d.toString(), "-a", "-x", d.toString())));
        return Commands.run(wrap(test)).ok();
    }

    /** Makes this user the owner of {@code tree} and everything in it (no-op for the current user). */
    void own(Path tree) {
        if (user == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + tree + " to user " + user, e);
        }
    }
}
