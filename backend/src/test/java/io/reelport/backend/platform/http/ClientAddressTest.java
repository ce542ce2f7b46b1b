package io.reelport.backend.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

/** Which address is the client's: the trusted proxy's header only when one is configured. */
class ClientAddressTest {

    static ClientAddress behind(String header) {
        return new ClientAddress(new HttpProperties(header, "x-forwarded-proto", List.of(), DataSize.ofMegabytes(1)));
    }

    static MockHttpServletRequest request() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/auth/me");
        request.setRemoteAddr("10.0.0.7");
        request.addHeader("X-Forwarded-For", "6.6.6.6");
        return request;
    }

    @Test
    void withoutATrustedProxyThePeerIsTheClientWhateverHeadersSay() {
        MockHttpServletRequest request = request();
        request.addHeader("do-connecting-ip", "203.0.113.9");

        assertThat(behind("").of(request)).isEqualTo("10.0.0.7");
    }

    @Test
    void theTrustedHeaderNamesTheClient() {
        MockHttpServletRequest request = request();
        request.addHeader("do-connecting-ip", "203.0.113.9");

        assertThat(behind("do-connecting-ip").of(request)).isEqualTo("203.0.113.9");
    }

    @Test
    void ipv6IsAccepted() {
        MockHttpServletRequest request = request();
        request.addHeader("do-connecting-ip", "2001:db8::1");

        assertThat(behind("do-connecting-ip").of(request)).isEqualTo("2001:db8::1");
    }

    @Test
    void somethingThatIsNotAnAddressFallsBackToThePeer() {
        for (String junk : new String[] {"evil.example.com", "1.2.3.4, 5.6.7.8", "999.1.1.1", "", "cafe"}) {
            MockHttpServletRequest request = request();
            request.addHeader("do-connecting-ip", junk);
            assertThat(behind("do-connecting-ip").of(request)).as(junk).isEqualTo("10.0.0.7");
        }
    }

    @Test
    void httpsIsBelievedOnlyFromATrustedProxy() {
        MockHttpServletRequest request = request();
        request.addHeader("x-forwarded-proto", "https");

        assertThat(behind("").isSecure(request)).isFalse();
        assertThat(behind("do-connecting-ip").isSecure(request)).isTrue();
    }

    @Test
    void corsOriginsMustBeExact() {
        assertThat(new HttpProperties("", "x", List.of(" https://app.example.com ", "http://localhost:5173"),
                DataSize.ofKilobytes(1)).corsAllowedOrigins())
                .containsExactly("https://app.example.com", "http://localhost:5173");
        for (String bad : new String[] {"*", "https://*.example.com", "https://app.example.com/", "app.example.com",
                "ftp://x.example.com"}) {
            assertThatThrownBy(() -> new HttpProperties("", "x", List.of(bad), DataSize.ofKilobytes(1)))
                    .as(bad).hasMessageContaining("CORS_ALLOWED_ORIGINS");
        }
    }
}
