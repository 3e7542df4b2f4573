package org.hsmpool.pool.securitydomain;

import java.util.List;

import org.hsmpool.pool.api.Expected;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code POST /securitydomain/upload}: Managed HSM's SecurityDomainObject ({@code value},
 * the security-domain blob as a JSON string) and hsmpool's {@code shares}, the quorum's transfer
 * shares made with {@code hsmpool sd share} (compact JWEs). Azure's own upload sends no shares (its
 * client recombines the domain key itself, which hsmpool never does), so it is refused here, naming
 * {@code shares}.
 */
public record SecurityDomainObject(
        @NotNull(message = "must hold " + SecurityDomainObject.VALUE_IS) @Expected(SecurityDomainObject.VALUE_IS) String value,
        @NotEmpty(message = "must be " + SecurityDomainObject.SHARES_ARE)
        @Expected(SecurityDomainObject.SHARES_ARE) List<String> shares) {
    static final String VALUE_IS = "the security domain blob as a string";
    static final String SHARES_ARE = "an array of transfer shares made with 'hsmpool sd share'";
}
