package dev.netns.examples;

/** Bad command-line usage: the message says what was wrong; the CLI prints it with a hint and exits with status 2. */
final class UsageException extends RuntimeException {
    private final String command;

    /**
     * @param command the command whose help applies ({@code "ns exec"}, {@code "pod"}, ...), or {@code ""} for the top level
     * @param message what was wrong, as a sentence fragment without a trailing period
     */
    UsageException(String command, String message) {
        super(message);
        this.command = command;
    }

    String command() {
        return command;
    }
}
