package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Runs a picocli command so that a user's mistake becomes one clear line and a non-zero exit, never a
 * stack trace or a screen of usage. {@link InvalidInputException} carries lines the commands have
 * already made readable; a bad flag is picocli's own line with a pointer to --help; a file-system
 * error is named with its path.
 */
public final class CliRunner {
  /** Exit code for invalid input (bad config, bad records, bad flags). */
  public static final int EXIT_INVALID_INPUT = 2;
  /** Exit code when reading or writing a file failed. */
  public static final int EXIT_IO = 74;

  private CliRunner() {}

  public static int execute(Object command, String... args) {
    return execute(command, null, null, args);
  }

  /** Runs with stdout and stderr sent to the given writers (a sweep's runs each keep their own log). */
  static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(command);
    if (out != null) {
      commandLine.setOut(out);
    }
    if (err != null) {
      commandLine.setErr(err);
    }
    // A mistyped flag gets its one line and a pointer to --help, not the whole usage (40-odd lines
    // in which the line that matters scrolls away).
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          CommandLine cmd = exception.getCommandLine();
          String line = exception.getMessage();
          if (exception instanceof CommandLine.MissingParameterException
              && !cmd.getUnmatchedArguments().isEmpty()) {
            // A mistyped required flag reads as "missing": name what was typed instead.
            line = "Not understood: '" + String.join("', '", cmd.getUnmatchedArguments()) + "'; " + line;
          }
          if (exception instanceof CommandLine.UnmatchedArgumentException unmatched
              && !unmatched.getSuggestions().isEmpty()) {
            line += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
          }
          cmd.getErr().println(line + " (" + cmd.getCommandSpec().qualifiedName() + " --help lists the options)");
          cmd.getErr().flush();
          return EXIT_INVALID_INPUT;
        });
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          if (exception instanceof InvalidInputException error) {
            for (String line : error.problems()) {
              cmd.getErr().println(line);
            }
            cmd.getErr().flush();
            return EXIT_INVALID_INPUT;
          }
          if (exception instanceof IOException io) {
            cmd.getErr().println("error: " + describe(io));
            cmd.getErr().flush();
            return EXIT_IO;
          }
          throw exception;
        });
    return commandLine.execute(args);
  }

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException missing) {
      return missing.getFile() + ": no such file or folder";
    }
    if (e instanceof AccessDeniedException denied) {
      return denied.getFile() + ": permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      return fs.getFile() + ": " + (fs.getReason() == null ? "cannot be used" : fs.getReason());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
