package io.reelport.backend.platform.http;

import io.reelport.backend.platform.problem.FilterProblems;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

    /** First of all filters: nothing should read a body that is too large, not even security. */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(HttpProperties properties, FilterProblems problems) {
        FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
                new RequestSizeLimit(properties, problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
