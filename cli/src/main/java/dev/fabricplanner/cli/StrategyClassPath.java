package dev.fabricplanner.cli;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the strategy registry, adding the user's jars from {@code --strategy-path}. */
final class StrategyClassPath {
  private StrategyClassPath() {}

  static StrategyRegistry registry(List<Path> jars) throws InvalidInputException {
    if (jars == null || jars.isEmpty()) {
      return StrategyRegistry.fromClassPath();
    }
    List<String> problems = new ArrayList<>();
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      if (!Files.isReadable(jar)) {
        problems.add("--strategy-path " + jar + ": no such readable jar or folder");
        continue;
      }
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        problems.add("--strategy-path " + jar + ": not a usable path (" + e.getMessage() + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    // The loader lives as long as the process: strategies are used until the run ends.
    @SuppressWarnings("resource")
    URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), StrategyClassPath.class.getClassLoader());
    return new StrategyRegistry(loader);
  }
}
