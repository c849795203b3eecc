package dev.jitbroker.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Every log record the service writes while installed, with its context (MDC) as it was when written. */
public final class CapturedLogs extends Handler implements AutoCloseable {

  /** One log line: its logger, formatted message, exception text and context. */
  public record Line(String logger, String message, String thrown, java.util.Map<String, String> mdc) {
    /** Everything in the line, for searching. */
    public String all() {
      return logger + " " + message + " " + thrown + " " + mdc;
    }
  }

  private final List<Line> lines = new CopyOnWriteArrayList<>();

  private CapturedLogs() {}

  /** Starts capturing from the root logger. */
  public static CapturedLogs install() {
    CapturedLogs logs = new CapturedLogs();
    Logger.getLogger("").addHandler(logs);
    return logs;
  }

  public List<Line> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void publish(LogRecord record) {
    java.util.Map<String, String> mdc = java.util.Map.of();
    String message = record.getMessage();
    if (record instanceof ExtLogRecord ext) {
      mdc = ext.getMdcCopy().entrySet().stream()
          .collect(java.util.stream.Collectors.toMap(e -> e.getKey(), e -> String.valueOf(e.getValue())));
      message = ext.getFormattedMessage();
    }
    String thrown = "";
    if (record.getThrown() != null) {
      StringWriter w = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(w));
      thrown = w.toString();
    }
    lines.add(new Line(record.getLoggerName(), message, thrown, mdc));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
