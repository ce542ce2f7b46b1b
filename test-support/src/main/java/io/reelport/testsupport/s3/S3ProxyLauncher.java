package io.reelport.testsupport.s3;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The main class of the s3proxy child JVM: it makes sure s3proxy never outlives the JVM that
 * started it, then runs {@code org.gaul.s3proxy.Main}.
 *
 * <p>A child process survives its parent's death (kill -9, a crashed or timed-out Surefire fork),
 * and a forgotten s3proxy keeps its port and data directory. So the child watches two things and
 * halts as soon as either says the parent is gone: its stdin, a pipe whose write end only the
 * parent holds, reaches end of file the moment the parent dies, however it dies; and
 * {@link ProcessHandle#onExit()} of the parent's pid, which the JDK polls, in case stdin was ever
 * redirected.
 *
 * <p>The child's classpath is the s3proxy jar plus a directory holding only this class, so it
 * must depend on nothing but the JDK: no other class of ours, no nested or anonymous classes.
 * Arguments: the parent's pid, then s3proxy's own arguments.
 */
public final class S3ProxyLauncher {

    static final String S3PROXY_MAIN = "org.gaul.s3proxy.Main";

    private S3ProxyLauncher() {
    }

    public static void main(String[] args) throws Exception {
        long parentPid = Long.parseLong(args[0]);
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("S3ProxyLauncher: parent " + parentPid + " is gone, not starting");
            Runtime.getRuntime().halt(3);
        }
        parent.get().onExit().thenRun(() -> parentGone("process " + parentPid + " exited"));
        Thread stdinWatch = new Thread(S3ProxyLauncher::waitForEndOfStdin, "parent-stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();

        String[] s3proxyArgs = Arrays.copyOfRange(args, 1, args.length);
        // Reflection keeps this class compilable without s3proxy, which must stay off our classpath.
        Class.forName(S3PROXY_MAIN).getMethod("main", String[].class).invoke(null, (Object) s3proxyArgs);
    }

    private static void waitForEndOfStdin() {
        try {
            while (System.in.read() >= 0) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException closed) {
            // Same meaning as end of file.
        }
        parentGone("stdin closed");
    }

    private static void parentGone(String how) {
        System.err.println("S3ProxyLauncher: parent gone (" + how + "), stopping s3proxy");
        // halt, not exit: nothing is buffered (each request writes its file before answering),
        // and a shutdown hook stuck on a half-closed connection must not keep this process alive.
        Runtime.getRuntime().halt(0);
    }
}
