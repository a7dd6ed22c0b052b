package dev.fabricplanner.cli;

import dev.fabricplanner.sim.output.OutputFormat;
import java.util.Locale;
import picocli.CommandLine;

/** Parses {@code --format csv|json|both}, naming the allowed values when the value is wrong. */
final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
  @Override
  public OutputFormat convert(String value) {
    try {
      return OutputFormat.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a format; use csv, json or both");
    }
  }
}
