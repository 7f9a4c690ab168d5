/**
 * The server's logger: consola underneath, Redis's four levels on top (debug, verbose, notice,
 * warning, plus `nothing`), and Redis's line format so tools that read redis-server logs can read
 * ours: `<pid>:M <dd Mon yyyy HH:MM:SS.mmm> <mark> <message>` with marks `.` `-` `*` `#`.
 *
 * Lines go to standard output or are appended to a file. Writes are synchronous on purpose: log
 * lines are rare, must keep their order, and must not be lost when the process exits right after
 * (startup errors, SHUTDOWN).
 *
 * @example
 * const log = createLogger("notice");
 * log.notice("Ready to accept connections tcp");
 * log.debug("not printed at notice");
 * config.onChange((name, value) => name === "loglevel" && log.setLevel(value));
 */

import { closeSync, openSync, writeSync } from "node:fs";
import { format } from "node:util";
import { type ConsolaInstance, createConsola, type LogObject, type LogType } from "consola/core";

export const LOG_LEVELS = ["debug", "verbose", "notice", "warning", "nothing"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  verbose(message: string, ...args: unknown[]): void;
  notice(message: string, ...args: unknown[]): void;
  warning(message: string, ...args: unknown[]): void;
  /** Whether a message at `level` would be written (to skip building costly messages). */
  enabled(level: LogLevel): boolean;
  /** Changes the level at run time (CONFIG SET loglevel). */
  setLevel(level: string): void;
  readonly level: LogLevel;
  /** The consola instance underneath, for code that wants consola's own API. */
  readonly consola: ConsolaInstance;
  /** Closes the log file, if there is one. Logging after close goes nowhere. */
  close(): void;
}

/** Redis level → the consola type that carries it, and consola's numeric level for the threshold. */
const TYPE: Record<Exclude<LogLevel, "nothing">, LogType> = {
  debug: "trace",
  verbose: "debug",
  notice: "info",
  warning: "warn",
};
const THRESHOLD: Record<LogLevel, number> = {
  debug: 5,
  verbose: 4,
  notice: 3,
  warning: 1,
  nothing: Number.NEGATIVE_INFINITY,
};
/** consola type → Redis's level mark. */
const MARK: Partial<Record<LogType, string>> = { trace: ".", debug: "-", info: "*", warn: "#" };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface LoggerOptions {
  /** Where lines go instead of stdout or `file` (tests, embedding). */
  write?: (line: string) => void;
  /** Shown before the role letter; defaults to this process's pid. */
  pid?: number;
}

/**
 * A logger at Redis `level`, writing to `file` (appended) or standard output when `file` is
 * empty or absent. Throws on an unknown level.
 */
export function createLogger(level: string, file?: string, options: LoggerOptions = {}): Logger {
  let current = checkLevel(level);
  let fd: number | undefined;
  let write = options.write;
  if (!write && file) {
    const out = openSync(file, "a");
    fd = out;
    write = (line) => writeSync(out, line);
  }
  const sink = write ?? ((line: string) => process.stdout.write(line));
  const pid = options.pid ?? process.pid;
  let closed = false;

  const consola = createConsola({
    level: THRESHOLD[current],
    // Redis never folds repeated lines; consola's throttling would hide them.
    throttle: 0,
    reporters: [
      {
        log(obj: LogObject) {
          if (!closed)
            sink(`${pid}:M ${timestamp(obj.date)} ${MARK[obj.type] ?? "*"} ${format(...obj.args)}\n`);
        },
      },
    ],
  });

  return {
    debug: (m, ...a) => consola[TYPE.debug](m, ...a),
    verbose: (m, ...a) => consola[TYPE.verbose](m, ...a),
    notice: (m, ...a) => consola[TYPE.notice](m, ...a),
    warning: (m, ...a) => consola[TYPE.warning](m, ...a),
    enabled: (l) => l !== "nothing" && THRESHOLD[l] <= THRESHOLD[current],
    setLevel(l) {
      current = checkLevel(l);
      consola.level = THRESHOLD[current];
    },
    get level() {
      return current;
    },
    consola,
    close() {
      closed = true;
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

function checkLevel(level: string): LogLevel {
  const l = level.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(l)) {
    throw new TypeError(`Unknown log level '${level}': use one of ${LOG_LEVELS.join(", ")}`);
  }
  return l as LogLevel;
}

/** `dd Mon yyyy HH:MM:SS.mmm` in local time, as redis-server writes it. */
function timestamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return (
    `${p(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
  );
}
