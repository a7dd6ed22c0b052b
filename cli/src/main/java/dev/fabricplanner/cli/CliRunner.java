package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import picocli.CommandLine;

/**
 * Runs a picocli command so that a user's mistake becomes one clear line and a non-zero exit, never a
 * stack trace. {@link InvalidInputException} carries lines the commands have already made readable.
 */
final class CliRunner {
  /** Exit code for invalid input (bad config, bad records, bad flags). */
  static final int EXIT_INVALID_INPUT = 2;

  private CliRunner() {}

  static int execute(Object command, String... args) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          if (exception instanceof InvalidInputException error) {
            for (String line : error.problems()) {
              cmd.getErr().println(line);
            }
            return EXIT_INVALID_INPUT;
          }
          throw exception;
        });
    return commandLine.execute(args);
  }
}
