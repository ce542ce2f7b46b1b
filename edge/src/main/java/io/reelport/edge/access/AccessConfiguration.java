package io.reelport.edge.access;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.server.logging.AccessLog;

/**
 * What is written down about each call. (Who may call, and how often, is decided per playback
 * request by {@link CrossOriginAccess} and {@link RateLimit}.)
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    /**
     * Reactor Netty's access log, with the token cut out of every URI: the token is a bearer
     * credential until it expires, and logs outlive it and travel further than they should.
     * On by default; {@code reelport.edge.access-log=false} turns it off.
     */
    @Bean
    NettyServerCustomizer redactedAccessLog(org.springframework.core.env.Environment environment) {
        boolean enabled = environment.getProperty("reelport.edge.access-log", Boolean.class, true);
        return server -> server.accessLog(enabled, arguments -> AccessLog.create(
                "{} - {} \"{} {} {}\" {} {} {}ms",
                arguments.remoteAddress() instanceof java.net.InetSocketAddress address ? address.getHostString() : "-",
                arguments.accessDateTime(), arguments.method(), RedactedUris.redact(arguments.uri()), arguments.protocol(),
                arguments.status(), arguments.contentLength(), arguments.duration()));
    }
}
