package io.ddbsync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps process-backed services running, as a process manager (systemd's {@code Restart=on-failure}) would: one
 * thread per service checks it every {@link #CHECK_INTERVAL}.
 * <ul>
 *   <li>A process that ended without being stopped is logged ({@code service died}, WARN, with its exit code and
 *       last output) and started again on the same endpoint with its files ({@link ProcessService#restart()}), then
 *       logged again when it answers ({@code service restarted}, with how long it was gone). A failed start is logged
 *       (ERROR) and tried again after {@link #RETRY_PAUSE}.</li>
 *   <li>A running process whose endpoint does not answer an HTTP request within {@link #ANSWER_TIMEOUT} (a stopped
 *       process, SIGSTOP, keeps its port open but answers nothing) is {@link State#NOT_ANSWERING} until it answers
 *       again; both transitions are logged. It is not restarted: a paused process may resume.</li>
 * </ul>
 * Clients keep their endpoints: what failed while the service was gone is retried by the callers' own retries, as
 * on AWS. {@link #health()} is what the status shows.
 */
public final class ServiceSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceSupervisor.class);

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(3);
    static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

    /** What a service is doing, as the supervisor last saw it. */
    public enum State {
        /** The process runs and its endpoint answers. */
        UP,
        /** The process runs but its endpoint did not answer within {@link #ANSWER_TIMEOUT}. */
        NOT_ANSWERING,
        /** The process died; a new one is starting on the same endpoint. */
        RESTARTING,
        /** The last start of a new process failed; the supervisor tries again. */
        RESTART_FAILED
    }

    /**
     * One service's state.
     *
     * @param since    when it entered {@code state}
     * @param restarts how many times it was started again so far
     * @param detail   what happened last, for people ({@code "died (exit 137), restarted in 21.4 s"}); "" when nothing did
     */
    public record Health(String service, URI endpoint, State state, Instant since, int restarts, String detail) {
    }

    private final List<ProcessService> services;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServiceSupervisor(List<ProcessService> services, Clock clock) {
        this.services = List.copyOf(services);
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(ANSWER_TIMEOUT).build();
    }

    /** Starts watching {@code services} (each UP from now); {@link #close()} stops watching, not the services. */
    public static ServiceSupervisor start(List<? extends ProcessService> services, Clock clock) {
        ServiceSupervisor supervisor = new ServiceSupervisor(List.copyOf(services), clock);
        for (ProcessService service : supervisor.services) {
            supervisor.health.put(service.service(), new Health(service.service(), service.endpoint(), State.UP, clock.instant(), 0, ""));
            Thread thread = new Thread(() -> supervisor.watch(service), "supervise-" + service.service());
            thread.setDaemon(true);
            supervisor.threads.add(thread);
            thread.start();
        }
        return supervisor;
    }

    /** Every watched service's state, in the order given to {@link #start}. */
    public List<Health> health() {
        return services.stream().map(s -> health.get(s.service())).toList();
    }

    private void watch(ProcessService service) {
        while (!closed.get() && !service.isStopped()) {
            try {
                check(service);
                Thread.sleep(CHECK_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return; // closed
            } catch (RuntimeException e) {
                LOG.atError().setCause(e).addKeyValue("service", service.service()).log("supervising the service failed");
                pause(RETRY_PAUSE);
            }
        }
    }

    private void check(ProcessService service) throws InterruptedException {
        Health last = health.get(service.service());
        var exit = service.exitCode();
        if (exit.isPresent()) {
            restart(service, exit.get(), last);
            return;
        }
        boolean answers = answers(service.endpoint());
        if (!answers && last.state() == State.UP) {
            LOG.atWarn().addKeyValue("service", service.service()).addKeyValue("endpoint", service.endpoint())
                    .addKeyValue("pid", service.pid()).addKeyValue("timeoutMillis", ANSWER_TIMEOUT.toMillis())
                    .log("service not answering");
            set(service, State.NOT_ANSWERING, "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s (process "
                    + service.pid() + " runs)");
        } else if (answers && last.state() == State.NOT_ANSWERING) {
            long seconds = Duration.between(last.since(), clock.instant()).toSeconds();
            LOG.atInfo().addKeyValue("service", service.service()).addKeyValue("endpoint", service.endpoint())
                    .addKeyValue("silentSeconds", seconds).log("service answering again");
            set(service, State.UP, "answering again after " + seconds + " s without an answer");
        }
    }

    private void restart(ProcessService service, int exitCode, Health last) {
        if (service.isStopped() || closed.get()) {
            return;
        }
        Instant died = last.state() == State.RESTART_FAILED ? last.since() : clock.instant();
        String how = exitCode > 128 ? "killed by signal " + (exitCode - 128) + " (exit " + exitCode + ")" : "exited with " + exitCode;
        if (last.state() != State.RESTART_FAILED) {
            LOG.atWarn().addKeyValue("service", service.service()).addKeyValue("endpoint", service.endpoint())
                    .addKeyValue("pid", service.pid()).addKeyValue("exitCode", exitCode)
                    .addKeyValue("lastOutput", service.death().orElse("")).log("service died; restarting it");
            set(service, State.RESTARTING, how + "; restarting on the same endpoint");
        }
        try {
            service.restart();
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).addKeyValue("service", service.service()).addKeyValue("endpoint", service.endpoint())
                    .log("service restart failed; trying again");
            health.put(service.service(), new Health(service.service(), service.endpoint(), State.RESTART_FAILED, died,
                    service.restarts(), how + "; restart failed, trying again: " + e.getMessage()));
            pause(RETRY_PAUSE);
            return;
        }
        if (service.isStopped()) {
            return;
        }
        double seconds = Duration.between(died, clock.instant()).toMillis() / 1000.0;
        LOG.atInfo().addKeyValue("service", service.service()).addKeyValue("endpoint", service.endpoint())
                .addKeyValue("pid", service.pid()).addKeyValue("restarts", service.restarts())
                .addKeyValue("downMillis", Duration.between(died, clock.instant()).toMillis()).log("service restarted");
        set(service, State.UP, String.format("%s at %s, back after %.1f s", how, died, seconds));
    }

    private void set(ProcessService service, State state, String detail) {
        health.put(service.service(), new Health(service.service(), service.endpoint(), state, clock.instant(),
                service.restarts(), detail));
    }

    /** Any HTTP answer (even an error status) within {@link #ANSWER_TIMEOUT}. */
    private boolean answers(URI endpoint) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(ANSWER_TIMEOUT).GET().build();
        try {
            http.send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops watching (the services keep running; closing them is their owner's part). */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
