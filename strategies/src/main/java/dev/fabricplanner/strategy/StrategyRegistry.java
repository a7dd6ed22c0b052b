package dev.fabricplanner.strategy;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.NameHint;
import dev.fabricplanner.strategy.builtin.LeastQueueStrategy;
import dev.fabricplanner.strategy.builtin.PowerOfDStrategy;
import dev.fabricplanner.strategy.builtin.RandomStrategy;
import dev.fabricplanner.strategy.builtin.RoundRobinStrategy;
import dev.fabricplanner.strategy.heuristic.HeuristicStrategy;
import dev.fabricplanner.strategy.kvaware.CacheAwareStrategy;
import dev.fabricplanner.strategy.kvaware.KvRouterStrategy;
import dev.fabricplanner.strategy.kvaware.LMetricStrategy;
import dev.fabricplanner.strategy.kvaware.PrefixHashStrategy;
import dev.fabricplanner.strategy.kvaware.WeightedScorerStrategy;
import dev.fabricplanner.strategy.learned.HybridMeshStrategy;
import dev.fabricplanner.strategy.learned.RlsMeshStrategy;
import dev.fabricplanner.strategy.mesh.MeshHedgeStrategy;
import dev.fabricplanner.strategy.mesh.MeshStrategy;
import dev.fabricplanner.strategy.pd.PdPairStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds strategies in tiers, as JMH finds its plugins: a built-in name, then a {@link ServiceLoader}
 * provider on the class path, then a fully qualified class name of a {@link StrategyProvider}.
 */
public final class StrategyRegistry {

  /** Every built-in strategy, one line each. */
  private static final List<StrategyProvider> BUILT_IN =
      List.of(
          RoundRobinStrategy.PROVIDER,
          RandomStrategy.PROVIDER,
          LeastQueueStrategy.PROVIDER,
          PowerOfDStrategy.PROVIDER,
          HeuristicStrategy.PROVIDER,
          MeshStrategy.PROVIDER,
          MeshHedgeStrategy.PROVIDER,
          MeshStrategy.STALE,
          MeshStrategy.ADAPTIVE,
          MeshStrategy.PREDICTIVE,
          HybridMeshStrategy.PROVIDER,
          RlsMeshStrategy.PROVIDER,
          RlsMeshStrategy.OLD_NAME,
          KvRouterStrategy.PROVIDER,
          WeightedScorerStrategy.PROVIDER,
          CacheAwareStrategy.PROVIDER,
          PrefixHashStrategy.PROVIDER,
          LMetricStrategy.PROVIDER,
          PdPairStrategy.LOAD,
          PdPairStrategy.PREFIX,
          PdPairStrategy.TRANSPORT);

  private final Map<String, StrategyProvider> byName = new LinkedHashMap<>();
  private final ClassLoader classLoader;

  public StrategyRegistry(ClassLoader classLoader) {
    this.classLoader = classLoader;
    for (StrategyProvider provider : BUILT_IN) {
      byName.put(provider.name(), provider);
    }
    for (StrategyProvider provider : ServiceLoader.load(StrategyProvider.class, classLoader)) {
      byName.putIfAbsent(provider.name(), provider);
    }
  }

  public static StrategyRegistry fromClassPath() {
    return new StrategyRegistry(StrategyRegistry.class.getClassLoader());
  }

  /** Providers by name: built-ins first, then those found through ServiceLoader. */
  public Map<String, StrategyProvider> providers() {
    return Map.copyOf(byName);
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public StrategyProvider find(String name) throws InvalidInputException {
    StrategyProvider provider = byName.get(name);
    if (provider != null) {
      return provider;
    }
    if (name.contains(".")) {
      return loadClass(name);
    }
    String hint = NameHint.closest(name, byName.keySet()).orElse(null);
    throw new InvalidInputException(
        "strategy \""
            + name
            + "\": unknown; known: "
            + String.join(", ", byName.keySet())
            + (hint == null ? "" : " (did you mean \"" + hint + "\"?)"));
  }

  private StrategyProvider loadClass(String className) throws InvalidInputException {
    try {
      Class<?> type = Class.forName(className, true, classLoader);
      if (!StrategyProvider.class.isAssignableFrom(type)) {
        throw new InvalidInputException(
            "strategy \"" + className + "\": class does not implement " + StrategyProvider.class.getName());
      }
      return (StrategyProvider) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new InvalidInputException(
          "strategy \"" + className + "\": no such class on the class path (add its jar with --strategy-path)");
    } catch (ReflectiveOperationException e) {
      throw new InvalidInputException(
          "strategy \"" + className + "\": needs a public no-argument constructor (" + e + ")");
    }
  }
}
