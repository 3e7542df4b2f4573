package org.hsmpool.pool.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a member of a request record must be, in words, when its JSON type alone does not say it
 * (a {@code Long} that is a Unix time): {@link StrictJson} answers "{@code <path> must be <value>}"
 * when the client sent a value Jackson cannot bind to it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Expected {
    String value();
}
