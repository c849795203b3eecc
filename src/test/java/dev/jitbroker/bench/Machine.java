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

  /** Linux counts CPU time in ticks of 10 ms (USER_HZ = 100 on every common build). */
  private static final long MS_PER_TICK = 10;

  /**
   * CPU time (user + system) process {@code pid} has used, in ms; with {@code reapedChildren}, plus
   * that of its children that have exited (a pgbench run, once waited for).
   */
  static long cpuMillis(long pid, boolean reapedChildren) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // Fields after the command name in parentheses: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    if (reapedChildren) {
      ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }
    return ticks * MS_PER_TICK;
  }

  /** CPU time of a Postgres cluster in ms: the postmaster, its exited children and its live ones. */
  static long clusterCpuMillis(Path dataDir) throws IOException {
    long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    long total = cpuMillis(postmaster, true);
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(q -> q.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (Long.parseLong(f[1]) == postmaster) {
            total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MS_PER_TICK;
          }
        } catch (IOException | RuntimeException gone) {
          // The process ended while we looked.
        }
      }
    }
    return total;
  }

  /** CPU used by the service, the database and this JVM (the load generator, and pgbench once reaped). */
  record Cpu(long serviceMs, long databaseMs, long clientMs) {
    static Cpu now(long servicePid, Path dataDir) throws IOException {
      return new Cpu(cpuMillis(servicePid, false), clusterCpuMillis(dataDir), cpuMillis(ProcessHandle.current().pid(), true));
    }

    Cpu plus(Cpu other) {
      return new Cpu(serviceMs + other.serviceMs, databaseMs + other.databaseMs, clientMs + other.clientMs);
    }

    Cpu minus(Cpu before) {
      return new Cpu(serviceMs - before.serviceMs, databaseMs - before.databaseMs, clientMs - before.clientMs);
    }

    /** Per-operation CPU in ms, for {@code operations} operations. */
    Map<String, Object> per(long operations) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("serviceMs", Math.round(serviceMs * 1000.0 / operations) / 1000.0);
      m.put("databaseMs", Math.round(databaseMs * 1000.0 / operations) / 1000.0);
      m.put("clientMs", Math.round(clientMs * 1000.0 / operations) / 1000.0);
      return m;
    }
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
