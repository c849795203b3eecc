package dev.jitbroker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facts about the machine a benchmark ran on, for its JSON: cores, load, memory of a process. */
final class Machine {

  private Machine() {}

  /** The 1, 5 and 15 minute load averages (Linux), or an empty array elsewhere. */
  static double[] loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
    } catch (IOException | RuntimeException e) {
      return new double[0];
    }
  }

  /** Resident set size of process {@code pid} in KiB (Linux: VmRSS in /proc/pid/status). */
  static long rssKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }

  /** What the JSON records about the machine at the time of asking. */
  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("loadAverage", loadAverage());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    return m;
  }
}
