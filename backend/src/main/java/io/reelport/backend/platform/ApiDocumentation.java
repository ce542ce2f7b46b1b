package io.reelport.backend.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /api/docs}): every operation
 * takes {@code Authorization: Bearer} with an access token or an {@code rp_} API key, except the
 * account entry points, which springdoc cannot tell apart and which say so in their descriptions.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String BEARER = "bearer";

    @Bean
    OpenAPI reelportOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Reelport API").version("v1")
                        .description("Media pipeline API. Errors are RFC 9457 problem details with a stable `code`. "
                                + "Authenticate with `Authorization: Bearer <accessToken>` from POST /api/auth/login, "
                                + "or `Bearer rp_...` with an API key."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("A JWT access token, or an API key rp_...")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
