package org.hsmpool.cli;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.UserError;

import java.io.PrintWriter;
import org.hsmpool.sd.SecurityDomainException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command throws into exit code 1 and one line on stderr. Expected failures
 * ({@link UserError}, and a {@link SecurityDomainException} a command did not translate) never show
 * a stack trace; anything else is a bug, reported as such, with its trace only under
 * {@code HSMPOOL_DEBUG=1}.
 */
final class ErrorReport implements IExecutionExceptionHandler {

    static final int USER_ERROR = 1;

    private final Host host;

    ErrorReport(Host host) {
        this.host = host;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (failure instanceof UserError) {
            err.println("hsmpool: " + oneLine(failure.getMessage()));
        } else if (failure instanceof SecurityDomainException sde) {
            err.println("hsmpool: " + oneLine(sde.getMessage()) + " (" + sde.reason() + ")");
        } else {
            err.println("hsmpool: internal error, this is a bug: " + oneLine(String.valueOf(failure))
                    + (host.debug() ? "" : "; run again with " + Host.DEBUG_VARIABLE + "=1 to see where, and report it"));
            if (host.debug()) {
                failure.printStackTrace(err);
            }
        }
        err.flush();
        return USER_ERROR;
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
