package org.hsmpool.node.domain;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.Arrays;

import org.hsmpool.node.token.Token;

/**
 * A {@link SecureRandom} whose bytes come from the token's RNG (C_GenerateRandom), for the
 * randomness that is as secret as S itself: the Shamir polynomial coefficients.
 */
final class TokenRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    TokenRandom(Token token) {
        super(new Spi(token), null);
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final transient Token token;

        Spi(Token token) {
            this.token = token;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // the token seeds its own generator
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            if (bytes.length == 0) {
                return;
            }
            byte[] fresh = token.random(bytes.length);
            System.arraycopy(fresh, 0, bytes, 0, bytes.length);
            Arrays.fill(fresh, (byte) 0);
        }

        @Override
        protected byte[] engineGenerateSeed(int length) {
            return length == 0 ? new byte[0] : token.random(length);
        }
    }
}
