package io.ddbsync.ops.local;

import picocli.CommandLine.Command;

@Command(name = "local", mixinStandardHelpOptions = true, description = "Runs the whole pipeline on this machine.")
public final class LocalCommand implements Runnable {
    @Override
    public void run() {
    }
}
