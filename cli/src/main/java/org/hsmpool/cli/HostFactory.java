package org.hsmpool.cli;

import org.hsmpool.cli.common.Host;

import java.lang.reflect.Constructor;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Creates commands for picocli, handing the {@link Host} to those whose constructor takes one. */
final class HostFactory implements IFactory {

    private final Host host;

    HostFactory(Host host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> withHost;
        try {
            withHost = type.getDeclaredConstructor(Host.class);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(type);
        }
        withHost.setAccessible(true);
        return withHost.newInstance(host);
    }
}
