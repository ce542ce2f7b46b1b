package io.reelport.common.playback;

import io.reelport.common.keys.KeyRing;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/** How a ring key becomes a ready {@link Mac}, the same for the signer and the verifier. */
final class HmacSha256 {

    private HmacSha256() {
    }

    static Mac initialised(SecretKey key) {
        try {
            Mac mac = Mac.getInstance(KeyRing.HMAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException everyJavaHasHmacSha256) {
            throw new IllegalStateException("HmacSHA256 is unavailable", everyJavaHasHmacSha256);
        }
    }
}
