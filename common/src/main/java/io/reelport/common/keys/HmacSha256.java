package io.reelport.common.keys;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/** How a key becomes a ready HMAC-SHA256 {@link Mac}: playback tokens, and the edge's SigV4 signatures. */
public final class HmacSha256 {

    private HmacSha256() {
    }

    public static Mac initialised(SecretKey key) {
        try {
            Mac mac = Mac.getInstance(KeyRing.HMAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException everyJavaHasHmacSha256) {
            throw new IllegalStateException("HmacSHA256 is unavailable", everyJavaHasHmacSha256);
        }
    }
}
