package org.hsmpool.testkit;

import java.io.IOException;

import org.hsmpool.nodeapi.provision.ProcessLog;

/** What the node's and the manager's test processes do alike: signals, kills and the check that one still runs. */
final class ChildProcesses {
    private ChildProcesses() {
    }

    /** Whether {@code signal} is meant to end a process: anything but STOP (pauses it) and CONT (resumes it). */
    static boolean ends(String signal) {
        return !signal.equals("STOP") && !signal.equals("CONT");
    }

    /** Send {@code kill -SIGNAL}. */
    static void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL, and wait for the end; nothing when there is no live process. */
    static void kill(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Fail when the process ended and the test did not end it: {@code who}, its exit code, the end of its log. */
    static void requireRunning(Process process, boolean exitExpected, String who, ProcessLog log) {
        if (process != null && !exitExpected && !process.isAlive()) {
            throw new IllegalStateException(who + " exited by itself with " + process.exitValue() + "; the end of "
                    + log.file() + ":\n" + log.tail());
        }
    }
}
