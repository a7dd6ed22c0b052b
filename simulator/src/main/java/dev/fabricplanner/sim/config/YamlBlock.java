package dev.fabricplanner.sim.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An ordered YAML mapping built for writing, with an optional comment per key. Rendered in block
 * style, except that a small mapping of plain values is written inline ({@code { dist: normal,
 * mean: 0.5 }}) as mesh-sim's docs do. Output depends only on the content, so it is byte-identical
 * run to run.
 */
final class YamlBlock {
  private static final int MAX_INLINE_KEYS = 4;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
  private static final Pattern RESERVED =
      Pattern.compile("(?i)y|n|yes|no|true|false|on|off|null|~|\\.inf|\\.nan");

  private record Entry(String key, Object value, String comment) {}

  private final List<Entry> entries = new ArrayList<>();

  YamlBlock scalar(String key, String text, String comment) {
    entries.add(new Entry(key, text, comment));
    return this;
  }

  YamlBlock block(String key, YamlBlock value, String comment) {
    entries.add(new Entry(key, value, comment));
    return this;
  }

  /** A list of scalars, written inline: {@code [5, 25]}. */
  YamlBlock scalars(String key, List<String> texts, String comment) {
    entries.add(new Entry(key, List.copyOf(texts), comment));
    return this;
  }

  /** A list of scalars, one {@code - item} per line. */
  YamlBlock lines(String key, List<String> texts, String comment) {
    entries.add(new Entry(key, new Lines(List.copyOf(texts)), comment));
    return this;
  }

  private record Lines(List<String> texts) {}

  /** A list of mappings, written as {@code - key: value} items. */
  YamlBlock blocks(String key, List<YamlBlock> items, List<String> itemComments, String comment) {
    entries.add(new Entry(key, new Items(List.copyOf(items), itemComments), comment));
    return this;
  }

  private record Items(List<YamlBlock> blocks, List<String> comments) {}

  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return BigDecimal.valueOf(value).toPlainString();
  }

  static String integer(long value) {
    return Long.toString(value);
  }

  /** Plain when that reads back as the same string, else double-quoted. */
  static String string(String value) {
    if (PLAIN.matcher(value).matches() && !RESERVED.matcher(value).matches()) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  String render() {
    StringBuilder out = new StringBuilder();
    render(out, "");
    return out.toString();
  }

  private void render(StringBuilder out, String indent) {
    for (Entry entry : entries) {
      comment(out, indent, entry.comment());
      out.append(indent).append(entry.key()).append(':');
      if (entry.value() instanceof String text) {
        out.append(' ').append(text).append('\n');
      } else if (entry.value() instanceof List<?> texts) {
        out.append(" [").append(String.join(", ", castStrings(texts))).append("]\n");
      } else if (entry.value() instanceof YamlBlock child) {
        if (child.inlinable()) {
          out.append(' ').append(child.inline()).append('\n');
        } else {
          out.append('\n');
          child.render(out, indent + "  ");
        }
      } else if (entry.value() instanceof Lines lines) {
        if (lines.texts().isEmpty()) {
          out.append(" []\n");
          continue;
        }
        out.append('\n');
        for (String text : lines.texts()) {
          out.append(indent).append("  - ").append(text).append('\n');
        }
      } else if (entry.value() instanceof Items items) {
        if (items.blocks().isEmpty()) {
          out.append(" []\n");
          continue;
        }
        out.append('\n');
        for (int i = 0; i < items.blocks().size(); i++) {
          YamlBlock block = items.blocks().get(i);
          // A comment on the item's first key must come before the "- ", where the item starts.
          comment(out, indent + "  ", items.comments().isEmpty() ? null : items.comments().get(i));
          comment(
              out, indent + "  ", block.entries.isEmpty() ? null : block.entries.get(0).comment());
          String item = block.withoutFirstComment().renderIndented(indent + "    ");
          out.append(indent).append("  - ").append(item.substring(indent.length() + 4));
        }
      }
    }
  }

  private YamlBlock withoutFirstComment() {
    YamlBlock copy = new YamlBlock();
    copy.entries.addAll(entries);
    if (!copy.entries.isEmpty()) {
      Entry first = copy.entries.get(0);
      copy.entries.set(0, new Entry(first.key(), first.value(), null));
    }
    return copy;
  }

  private String renderIndented(String indent) {
    StringBuilder out = new StringBuilder();
    render(out, indent);
    return out.toString();
  }

  private boolean inlinable() {
    if (entries.size() > MAX_INLINE_KEYS) {
      return false;
    }
    for (Entry entry : entries) {
      boolean plain = entry.value() instanceof String || entry.value() instanceof List<?>;
      if (!plain || entry.comment() != null) {
        return false;
      }
    }
    return true;
  }

  String inline() {
    if (entries.isEmpty()) {
      return "{}";
    }
    List<String> parts = new ArrayList<>();
    for (Entry entry : entries) {
      String value =
          entry.value() instanceof String text
              ? text
              : "[" + String.join(", ", castStrings((List<?>) entry.value())) + "]";
      parts.add(entry.key() + ": " + value);
    }
    return "{ " + String.join(", ", parts) + " }";
  }

  private static void comment(StringBuilder out, String indent, String comment) {
    if (comment == null) {
      return;
    }
    for (String line : comment.split("\n", -1)) {
      out.append(indent).append(line.isEmpty() ? "#" : "# " + line).append('\n');
    }
  }

  private static List<String> castStrings(List<?> values) {
    List<String> strings = new ArrayList<>();
    for (Object value : values) {
      strings.add((String) value);
    }
    return strings;
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
