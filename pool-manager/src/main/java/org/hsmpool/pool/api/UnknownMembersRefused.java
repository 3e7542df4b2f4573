package org.hsmpool.pool.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request record whose body may carry no member it does not declare. Key Vault ignores what it
 * does not use, so no body of its API has this; the pool's own operator endpoints may (a node has
 * only a name and an endpoint: anything else is a mistake worth telling).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UnknownMembersRefused {
}
