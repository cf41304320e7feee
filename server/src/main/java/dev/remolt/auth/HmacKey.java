package dev.remolt.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** An HMAC-SHA256 key for the server's signed values (sign-in cookies, app links and cookies). */
public final class HmacKey {
    private final SecretKeySpec key;

    public HmacKey(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Whether {@code signature} signs {@code payload}, compared in constant time. */
    public boolean verifies(String payload, byte[] signature) {
        return MessageDigest.isEqual(sign(payload), signature);
    }
}
