package io.reelport.local.platform;

import io.reelport.local.LaunchException;
import io.reelport.local.infrastructure.Found;
import io.reelport.local.process.Detached;
import io.reelport.local.process.ErrorEcho;
import io.reelport.local.process.ProcessGuard;
import io.reelport.local.services.ServiceProcess;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the launcher has started, in the order it started it, and the one way to stop it:
 * services first (all at once, each gracefully), then the infrastructure they used, newest first.
 *
 * <p>Parts are added while the platform starts, and {@link #stop()} may come at any moment (Ctrl-C
 * during startup): a part added after that is stopped at once, and {@link #isStopping()} tells the
 * starting thread to give up waiting.
 */
public final class RunningPlatform {

    private static final Logger log = LoggerFactory.getLogger(RunningPlatform.class);

    private final ProcessGuard guard;
    private final ErrorEcho errorEcho;
    private final Duration serviceStopTimeout;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Deque<Found.Stoppable> infrastructure = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CompletableFuture<ServiceProcess> unexpectedExit = new CompletableFuture<>();
    private boolean stopping;

    RunningPlatform(ProcessGuard guard, ErrorEcho errorEcho, Duration serviceStopTimeout) {
        this.guard = guard;
        this.errorEcho = errorEcho;
        this.serviceStopTimeout = serviceStopTimeout;
    }

    synchronized void add(Found.Stoppable started) {
        if (stopping) {
            started.stop();
            throw new LaunchException("stopping");
        }
        infrastructure.push(started);
        started.pid().ifPresent(pid -> guard.watch(pid, false));
    }

    synchronized void add(ServiceProcess service) {
        if (stopping) {
            service.requestStop();
            service.awaitStopped(serviceStopTimeout);
            throw new LaunchException("stopping");
        }
        services.add(service);
        guard.watch(service.pid(), Detached.leadsOwnGroup());
        errorEcho.follow(service.name(), service.logFile());
        service.onExit().thenRun(() -> {
            if (!isStopping()) {
                unexpectedExit.complete(service);
            }
        });
    }

    public synchronized boolean isStopping() {
        return stopping;
    }

    public List<ServiceProcess> services() {
        synchronized (this) {
            return List.copyOf(services);
        }
    }

    /** Blocks until a service exits on its own (it crashed or was killed) and returns it. */
    public ServiceProcess awaitUnexpectedExit() throws InterruptedException {
        try {
            return unexpectedExit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops everything and disarms the guard. Safe to call more than once and from several
     * threads (the shutdown hook and a failed start): later callers wait for the first to finish.
     */
    public void stop() {
        List<ServiceProcess> toStop;
        boolean alreadyStopping;
        synchronized (this) {
            alreadyStopping = stopping;
            stopping = true;
            toStop = List.copyOf(services);
        }
        if (alreadyStopping) {
            // Outside the lock: the first caller needs it to take parts off the list.
            awaitStopped();
            return;
        }
        try {
            stopServices(toStop);
            Found.Stoppable part;
            while ((part = nextInfrastructure()) != null) {
                Optional<Long> pid = part.pid();
                part.stop();
                pid.ifPresent(guard::forget);
            }
            errorEcho.close();
            guard.close();
            log.info("Stopped");
        } finally {
            stopped.countDown();
        }
    }

    private synchronized Found.Stoppable nextInfrastructure() {
        return infrastructure.poll();
    }

    private void stopServices(List<ServiceProcess> toStop) {
        if (toStop.isEmpty()) {
            return;
        }
        log.info("Stopping {}", String.join(", ", toStop.stream().map(ServiceProcess::name).toList()));
        toStop.forEach(ServiceProcess::requestStop);
        for (ServiceProcess service : toStop) {
            if (!service.awaitStopped(serviceStopTimeout)) {
                log.warn("{} did not stop within {} s and was killed", service.name(), serviceStopTimeout.toSeconds());
            }
            guard.forget(service.pid());
        }
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
