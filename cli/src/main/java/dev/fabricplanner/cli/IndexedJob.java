package dev.fabricplanner.cli;

import dev.fabricplanner.sim.sweep.SweepGrid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A sweep as a Kubernetes Indexed Job: a ConfigMap holding the grid with its base config inlined, and
 * a Job with {@code completionMode: Indexed} whose pod for index i runs {@code planner sweep-task
 * --index $(JOB_COMPLETION_INDEX)} on an output volume (a PersistentVolumeClaim that every pod
 * mounts, ReadWriteMany when pods land on several nodes).
 */
record IndexedJob(SweepGrid grid, String image, int parallelism, String claim, int backoffPerIndex) {
  static final String FILE = "job.yaml";
  static final String GRID_MOUNT = "/etc/fabric-planner";
  static final String OUTPUT_MOUNT = "/sweep";
  /** The annotation the Job controller sets on each pod to its completion index. */
  static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";

  String name() {
    return "planner-sweep-" + grid.fingerprint();
  }

  String manifest() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(Integer.MAX_VALUE);
    Yaml yaml = new Yaml(options);
    return "# planner sweep: " + grid.runs().size() + " runs of " + grid.name() + " (grid "
        + grid.fingerprint() + ").\n# Apply with: kubectl apply -f " + FILE
        + "; needs Kubernetes 1.29 or newer (backoffLimitPerIndex).\n"
        + configMap(yaml) + "---\n" + yaml.dump(job());
  }

  /** The grid as a literal block, so that it reads in job.yaml as it would in its own file. */
  private String configMap(Yaml yaml) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("apiVersion", "v1");
    map.put("kind", "ConfigMap");
    map.put("metadata", metadata(name() + "-grid"));
    StringBuilder block = new StringBuilder(yaml.dump(map)).append("data:\n  grid.yaml: |\n");
    grid.selfContainedYaml().lines().forEach(line -> block.append("    ").append(line).append('\n'));
    return block.toString();
  }

  private Map<String, Object> job() {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "sweep-task");
    container.put("image", image);
    container.put("args", List.of("sweep-task", "--grid", GRID_MOUNT + "/grid.yaml",
        "--index", "$(JOB_COMPLETION_INDEX)", "--output", OUTPUT_MOUNT));
    // Recent clusters set this variable themselves; the downward API also serves older ones.
    container.put("env", List.of(ordered("name", "JOB_COMPLETION_INDEX", "valueFrom",
        ordered("fieldRef", ordered("fieldPath", "metadata.annotations['" + INDEX_ANNOTATION + "']")))));
    container.put("resources", ordered("requests", ordered("cpu", "1", "memory", "2Gi")));
    container.put("volumeMounts", List.of(
        ordered("name", "grid", "mountPath", GRID_MOUNT, "readOnly", true),
        ordered("name", "output", "mountPath", OUTPUT_MOUNT)));

    Map<String, Object> podSpec = new LinkedHashMap<>();
    podSpec.put("restartPolicy", "Never");
    podSpec.put("containers", List.of(container));
    podSpec.put("volumes", List.of(
        ordered("name", "grid", "configMap", ordered("name", name() + "-grid")),
        ordered("name", "output", "persistentVolumeClaim", ordered("claimName", claim))));

    Map<String, Object> template = new LinkedHashMap<>();
    template.put("metadata", ordered("labels", labels()));
    template.put("spec", podSpec);

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("completionMode", "Indexed");
    spec.put("completions", grid.runs().size());
    spec.put("parallelism", parallelism);
    spec.put("backoffLimitPerIndex", backoffPerIndex);
    spec.put("maxFailedIndexes", grid.runs().size());
    spec.put("template", template);

    Map<String, Object> job = new LinkedHashMap<>();
    job.put("apiVersion", "batch/v1");
    job.put("kind", "Job");
    job.put("metadata", metadata(name()));
    job.put("spec", spec);
    return job;
  }

  /** A map in the order given (Map.of's order changes between JVM runs; the manifest must not). */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private Map<String, Object> metadata(String name) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("labels", labels());
    return metadata;
  }

  private Map<String, Object> labels() {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "fabric-planner");
    labels.put("fabric-planner/sweep", grid.fingerprint());
    return labels;
  }
}
