package io.reelport.backend.asset;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Cleanups of deleted assets and stale uploads run on a schedule. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class Scheduling {
}
