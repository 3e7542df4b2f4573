package org.hsmpool.pool.store;

import java.time.Instant;

/**
 * One security-domain drill that succeeded: administrator {@code admin}'s share {@code index} of
 * domain {@code domainId} opened inside a node, checked at {@code checked}, asked for by
 * {@code principal}.
 */
public record Drill(String domainId, String admin, int index, String principal, Instant checked) {

    public Drill {
        Arguments.hex32(domainId, "a security domain id");
        Arguments.text(admin, "an admin thumbprint", 64);
        if (index < 1 || index > SecurityDomainInfo.MAX_SHARES) {
            throw StoreException.invalid("a share index is 1 to 10");
        }
        Arguments.text(principal, "a principal", 200);
        checked = Arguments.time(checked, "the drill time");
    }
}
