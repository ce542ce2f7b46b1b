package io.reelport.testsupport.s3;

/**
 * The parent JVM of {@link S3ProxyServerTest#theChildProcessEndsWhenItsParentIsKilled()}: starts
 * s3proxy, prints {@code STARTED <pid> <port> <data directory>}, and waits to be killed.
 */
public final class S3ProxyParent {

    private S3ProxyParent() {
    }

    public static void main(String[] args) throws InterruptedException {
        S3ProxyServer server = S3ProxyServer.startTemporary();
        System.out.println("STARTED " + server.pid() + " " + server.settings().port() + " " + server.settings().dataDirectory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
