package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user-strategy example in docs/STRATEGIES.md, taken from the doc itself, compiled, jarred with
 * its ServiceLoader entry and run through {@code planner sim --strategy-path}, as the doc shows.
 */
class UserStrategyJarTest {
  private static final Path DOC = Path.of("..", "docs", "STRATEGIES.md");
  private static final String SERVICE = "META-INF/services/dev.fabricplanner.strategy.StrategyProvider";

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @TempDir Path tmp;

  @Test
  void theDocumentedStrategyJarRunsThroughStrategyPath() throws IOException {
    String doc = Files.readString(DOC);
    Matcher example =
        Pattern.compile("A complete example, `([^`]+\\.java)`:\\s*```java\\n(.*?)```", Pattern.DOTALL)
            .matcher(doc);
    assertThat(example.find()).as("the example in " + DOC).isTrue();
    Matcher service =
        Pattern.compile("`" + Pattern.quote(SERVICE) + "` containing\\s*`([^`]+)`").matcher(doc);
    assertThat(service.find()).as("the service entry in " + DOC).isTrue();

    Path sources = tmp.resolve("src");
    Path source = sources.resolve(example.group(1));
    Files.createDirectories(source.getParent());
    Files.writeString(source, example.group(2));
    Path classes = Files.createDirectories(tmp.resolve("acme"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream compilerOutput = new ByteArrayOutputStream();
    int compiled =
        javac.run(null, compilerOutput, compilerOutput,
            "-cp", System.getProperty("java.class.path"), "-d", classes.toString(), source.toString());
    assertThat(compiled).as(compilerOutput.toString(StandardCharsets.UTF_8)).isZero();
    Path servicesFile = classes.resolve(SERVICE);
    Files.createDirectories(servicesFile.getParent());
    Files.writeString(servicesFile, service.group(1) + "\n");
    Path jar = jar(classes, tmp.resolve("acme.jar"));

    Path config = tmp.resolve("tiny.yaml");
    Files.writeString(config, TINY_CONFIG);
    Path results = tmp.resolve("results");
    int exit =
        CliRunner.execute(new PlannerCli(), "sim", "--config", config.toString(), "--strategy-path",
            jar.toString(), "--strategy", "acme_local_first", "--output", results.toString());

    assertThat(exit).as(console.stderr()).isZero();
    assertThat(results.resolve("acme_local_first.json")).isRegularFile();
    assertThat(results.resolve("acme_local_first").resolve("metrics.csv")).isRegularFile();
    assertThat(results.resolve("report.html")).isRegularFile();
    List<String> comparison = Files.readAllLines(results.resolve("comparison.csv"));
    assertThat(comparison).hasSize(2);
    assertThat(comparison.get(1)).startsWith("acme_local_first,");
    String json = Files.readString(results.resolve("acme_local_first.json"));
    assertThat(json).contains("\"strategy\" : \"acme_local_first\"").doesNotContain("\"completed\" : 0,");
    assertThat(console.stdout()).contains("acme_local_first");
  }

  private static Path jar(Path classes, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream stream = new JarOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
        stream.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        stream.write(Files.readAllBytes(path));
        stream.closeEntry();
      }
    }
    return jar;
  }

  private static final String TINY_CONFIG =
      """
      seed: 3
      duration_s: 5
      workload:
        arrival: { type: poisson, rps: 200 }
        mix: { llm: 1.0 }
        llm:
          in_tokens: { dist: lognormal, mu: 3.8, sigma: 0.6 }
          out_tokens: { dist: lognormal, mu: 4.6, sigma: 0.7 }
      topology:
        cells: 2
        nodes_per_cell: 4
        gpu_profiles:
          - { name: H100-80G, concurrency: 16 }
      strategies: [baseline_rr]
      """;
}
