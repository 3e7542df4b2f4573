package org.hsmpool.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A wrong command line: the problem, picocli's suggestions for a mistyped name, and where the help
 * is, instead of the whole usage text. Exit code 2 (picocli's usage code).
 */
final class UsageErrorReport implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("hsmpool: " + ErrorReport.oneLine(problem.getMessage()));
        UnmatchedArgumentException.printSuggestions(problem, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options and an example.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
