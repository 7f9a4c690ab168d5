/**
 * Differential cases for issue 4's operational commands: sharded pub/sub (SSUBSCRIBE,
 * SUNSUBSCRIBE, SPUBLISH, PUBSUB SHARDCHANNELS/SHARDNUMSUB, smessage delivery, RESP2 subscribe
 * mode), their key specs, SLOWLOG (errors, HELP, entry shape, redaction, max-len), MONITOR
 * (replies; its lines are compared with `monitorLine`), CLIENT PAUSE/UNPAUSE argument errors
 * and WAIT.
 *
 * Shard channel order: no step unsubscribes from several shard channels at once (Redis walks
 * its dict in hash order).
 */
import {
  type Case,
  type CustomComparator,
  c,
  compareReplies,
  compatSuite,
  docsExceptArguments,
  helloReply,
  on,
  read,
  replyText,
  sortedCmd,
  w,
} from "./harness.ts";

const sub = (cmd: string, ...names: string[]) => w(c(cmd, ...names), { replies: Math.max(1, names.length) });

/** SLOWLOG GET entries: same shape; id, time and duration differ by nature. */
const slowEntries: CustomComparator = (a, b) => {
  if (a.kind !== "frame" || b.kind !== "frame")
    return a.kind === b.kind ? undefined : `${a.kind} vs ${b.kind}`;
  // Mask the three integers at the head of every entry and the client address.
  const mask = (bytes: Uint8Array) =>
    new TextDecoder("latin1")
      .decode(bytes)
      .replace(/\*6\r\n:\d+\r\n:\d+\r\n:\d+\r\n/g, "*6\r\n:I\r\n:T\r\n:D\r\n")
      .replace(/\$\d+\r\n127\.0\.0\.1:\d+\r\n/g, "$A\r\n127.0.0.1:P\r\n");
  return mask(a.bytes) === mask(b.bytes) ? undefined : "entries differ (ids, times, durations, ports masked)";
};

/** A MONITOR line: equal once the time and the client's port are masked. */
const monitorLine: CustomComparator = (a, b) => {
  if (a.kind !== "frame" || b.kind !== "frame")
    return a.kind === b.kind ? undefined : `${a.kind} vs ${b.kind}`;
  const mask = (t: string | undefined) =>
    (t ?? "").replace(/^\d+\.\d{6} /, "T ").replace(/ 127\.0\.0\.1:\d+\]/, " 127.0.0.1:P]");
  const x = mask(replyText(a));
  const y = mask(replyText(b));
  if (!/^T \[\d+ 127\.0\.0\.1:P\] "/.test(x)) return `not a monitor line: ${x}`;
  return x === y ? undefined : `${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
};
/** EXEC's array (exact), then its own monitor line. */
const monitorLineOrExact: CustomComparator = (a, b, s) =>
  a.kind === "frame" && a.bytes[0] === 0x2b
    ? monitorLine(a, b, s)
    : compareReplies(a, b, { ...s, cmp: "exact" });
const mon = (): { replies: number; cmp: CustomComparator } => ({ replies: 1, cmp: monitorLine });

/** SCRIPT LOAD's answer for the no-writes script of the pause case. */
const NO_WRITES_SHA = new Bun.CryptoHasher("sha1").update("#!lua flags=no-writes\nreturn 3").digest("hex");

const cases: Case[] = [
  {
    name: "SSUBSCRIBE and SUNSUBSCRIBE replies count shard channels only",
    steps: [
      sub("SSUBSCRIBE", "a", "b"),
      sub("SSUBSCRIBE", "a"),
      sub("SUBSCRIBE", "x"),
      sub("PSUBSCRIBE", "p*"),
      sub("SSUBSCRIBE", "c"),
      c("PING"),
      sub("SUNSUBSCRIBE", "a"),
      sub("SUNSUBSCRIBE", "never"),
      sub("SUNSUBSCRIBE", "c"),
      c("SUNSUBSCRIBE"),
      c("SUNSUBSCRIBE"),
      c("SSUBSCRIBE"),
      c("UNSUBSCRIBE"),
      c("PUNSUBSCRIBE"),
      c("PING"),
    ],
  },
  {
    name: "RESP2 subscribe mode lasts while any shard subscription does",
    proto: 2,
    steps: [
      sub("SSUBSCRIBE", "a"),
      c("GET", "k"),
      c("SPUBLISH", "a", "x"),
      c("PUBSUB", "SHARDNUMSUB", "a"),
      c("CLIENT", "INFO"),
      sub("SUBSCRIBE", "x"),
      c("UNSUBSCRIBE"),
      c("GET", "k"),
      c("PUNSUBSCRIBE"),
      c("SUNSUBSCRIBE"),
      c("GET", "k"),
      sub("SUBSCRIBE", "x"),
      sub("SSUBSCRIBE", "a"),
      c("SUNSUBSCRIBE"),
      c("GET", "k"),
      c("UNSUBSCRIBE", "x"),
      c("GET", "k"),
    ],
  },
  {
    name: "SPUBLISH delivers smessage to shard subscribers only",
    steps: [
      c("SPUBLISH", "ch", "nobody"),
      sub("SSUBSCRIBE", "ch"),
      ...on(1, sub("SSUBSCRIBE", "ch", "other")),
      ...on(2, sub("SUBSCRIBE", "ch")),
      ...on(2, sub("PSUBSCRIBE", "c*")),
      ...on(3, c("SPUBLISH", "ch", "hello")),
      read(),
      ...on(1, read()),
      ...on(3, c("PUBLISH", "ch", "plain")),
      ...on(2, read(2)),
      ...on(3, c("SPUBLISH", "other", "bin\u0000\r\n")),
      ...on(1, read()),
      ...on(3, c("SPUBLISH", "ch")),
    ],
  },
  {
    name: "RESP3 shard subscriber runs commands and gets its own smessage",
    proto: 3,
    steps: [
      sub("SSUBSCRIBE", "ch"),
      c("GET", "k"),
      w(c("SPUBLISH", "ch", "to-self"), { replies: 2 }),
      c("PING"),
      c("SUNSUBSCRIBE", "ch"),
      c("SPUBLISH", "ch", "gone"),
    ],
  },
  {
    name: "PUBSUB SHARDCHANNELS and SHARDNUMSUB",
    steps: [
      c("PUBSUB", "SHARDCHANNELS"),
      c("PUBSUB", "SHARDNUMSUB"),
      c("PUBSUB", "SHARDNUMSUB", "a", "b"),
      ...on(1, sub("SSUBSCRIBE", "news.tech", "news.art", "sport")),
      ...on(2, sub("SSUBSCRIBE", "news.tech")),
      sortedCmd("PUBSUB", "SHARDCHANNELS"),
      sortedCmd("PUBSUB", "SHARDCHANNELS", "news.*"),
      c("PUBSUB", "SHARDCHANNELS", "nomatch*"),
      c("PUBSUB", "SHARDNUMSUB", "news.tech", "news.art", "none"),
      c("PUBSUB", "CHANNELS"),
      c("PUBSUB", "NUMSUB", "news.tech"),
      c("PUBSUB", "SHARDCHANNELS", "a", "b"),
      c("PUBSUB", "shardchannels", "a"),
    ],
  },
  {
    name: "sharded pub/sub key specs and MULTI",
    steps: [
      c("COMMAND", "INFO", "spublish", "ssubscribe", "sunsubscribe"),
      c("COMMAND", "GETKEYS", "SPUBLISH", "ch", "msg"),
      c("COMMAND", "GETKEYSANDFLAGS", "SSUBSCRIBE", "a", "b"),
      w(c("COMMAND", "DOCS", "spublish"), { cmp: docsExceptArguments }),
      c("COMMAND", "INFO", "pubsub|shardchannels", "pubsub|shardnumsub"),
      c("MULTI"),
      c("SSUBSCRIBE", "a"),
      c("SPUBLISH", "a", "b"),
      c("EXEC"),
    ],
  },
  {
    name: "WAIT",
    steps: [
      c("WAIT", "0", "0"),
      c("WAIT", "-1", "0"),
      c("WAIT", "0", "100"),
      c("WAIT", "0", "-1"),
      c("WAIT", "x", "0"),
      c("WAIT", "x", "-1"),
      c("WAIT", "0", "x"),
      c("WAIT", "0", "1.5"),
      c("WAIT", "99999999999999999999", "0"),
      c("WAIT", "0"),
      c("MULTI"),
      c("WAIT", "5", "0"),
      c("EXEC"),
      c("COMMAND", "INFO", "wait"),
      w(c("COMMAND", "DOCS", "wait"), { cmp: docsExceptArguments }),
    ],
  },
  {
    name: "CLIENT PAUSE and UNPAUSE arguments",
    steps: [
      c("CLIENT", "PAUSE"),
      c("CLIENT", "PAUSE", "x"),
      c("CLIENT", "PAUSE", "-1"),
      c("CLIENT", "PAUSE", "1.5"),
      c("CLIENT", "PAUSE", "99999999999999999999"),
      c("CLIENT", "PAUSE", "x", "foo"),
      c("CLIENT", "PAUSE", "0", "foo"),
      c("CLIENT", "PAUSE", "0", "write"),
      c("CLIENT", "PAUSE", "0", "ALL"),
      c("CLIENT", "PAUSE", "0", "ALL", "x"),
      c("CLIENT", "UNPAUSE"),
      c("CLIENT", "UNPAUSE", "x"),
      c("GET", "k"),
      c("COMMAND", "INFO", "client|pause", "client|unpause"),
      w(c("COMMAND", "DOCS", "client|unpause"), { cmp: docsExceptArguments }),
    ],
  },
  {
    name: "CLIENT PAUSE WRITE holds writes, not reads, until UNPAUSE",
    steps: [
      c("SET", "k", "before"),
      c("CLIENT", "PAUSE", "100000", "WRITE"),
      ...on(1, c("GET", "k")),
      ...on(1, w(c("SET", "k", "held"), { replies: 0 })),
      ...on(1, w(c("GET", "k"), { replies: 0 })),
      ...on(2, c("GET", "k")),
      c("CLIENT", "UNPAUSE"),
      ...on(1, read(2)),
      c("GET", "k"),
    ],
  },
  {
    // Redis's evalGetCommandFlags: declared script flags replace EVAL's and FCALL's may_replicate.
    name: "CLIENT PAUSE WRITE lets no-writes scripts and functions through, holds the others",
    steps: [
      c(
        "FUNCTION",
        "LOAD",
        "#!lua name=pauselib\nredis.register_function{function_name='ro', callback=function() return 1 end, flags={'no-writes'}}\nredis.register_function('rw', function() return 2 end)",
      ),
      c("SCRIPT", "LOAD", "#!lua flags=no-writes\nreturn 3"),
      c("CLIENT", "PAUSE", "100000", "WRITE"),
      ...on(1, c("EVAL", "#!lua flags=no-writes\nreturn 1", "0")),
      ...on(1, c("EVAL_RO", "return 1", "0")),
      ...on(1, c("EVALSHA", NO_WRITES_SHA, "0")),
      ...on(1, c("FCALL", "ro", "0")),
      ...on(1, c("FCALL_RO", "ro", "0")),
      ...on(1, c("MULTI")),
      ...on(1, c("EVAL", "#!lua flags=no-writes\nreturn 4", "0")),
      ...on(1, c("EXEC")),
      ...on(2, w(c("EVAL", "#!lua\nreturn 5", "0"), { replies: 0 })),
      ...on(3, w(c("FCALL", "rw", "0"), { replies: 0 })),
      ...on(4, w(c("EVAL", "return 6", "0"), { replies: 0 })),
      ...on(1, c("PING")),
      c("CLIENT", "UNPAUSE"),
      ...on(2, read(1)),
      ...on(3, read(1)),
      ...on(4, read(1)),
      c("FUNCTION", "FLUSH"),
    ],
  },
  {
    name: "SLOWLOG errors and HELP",
    steps: [
      c("SLOWLOG"),
      c("SLOWLOG", "GET", "-2"),
      c("SLOWLOG", "GET", "x"),
      c("SLOWLOG", "GET", "99999999999999999999"),
      c("SLOWLOG", "GET", "1", "2"),
      c("SLOWLOG", "LEN", "x"),
      c("SLOWLOG", "RESET", "x"),
      c("SLOWLOG", "FOO"),
      c("SLOWLOG", "HELP"),
      c("SLOWLOG", "GET", "0"),
      w(c("CONFIG", "GET", "slowlog-*"), { cmp: "pairs" }),
      c("CONFIG", "SET", "slowlog-log-slower-than", "-2"),
      c("CONFIG", "SET", "slowlog-max-len", "-1"),
      // Not the container itself: Redis lists subcommands in (seeded) hash order.
      c("COMMAND", "INFO", "slowlog|get", "slowlog|len", "slowlog|reset", "slowlog|help"),
      w(c("COMMAND", "DOCS", "slowlog|get", "slowlog|len", "slowlog|reset", "slowlog|help"), {
        cmp: docsExceptArguments,
      }),
    ],
  },
  {
    name: "SLOWLOG entries with every command logged",
    proto: 2,
    steps: [
      c("CONFIG", "SET", "slowlog-log-slower-than", "0"),
      c("SLOWLOG", "RESET"),
      c("CLIENT", "SETNAME", "me"),
      c("SET", "a", "b"),
      c("AUTH", "secret"),
      w(c("HELLO", "2", "AUTH", "default", "pw"), { cmp: helloReply }),
      c("GET", "x".repeat(200)),
      c("MSET", ...Array.from({ length: 40 }, (_, i) => String(i))),
      w(c("SLOWLOG", "GET", "6"), { cmp: slowEntries }),
      c("SLOWLOG", "LEN"),
      c("CONFIG", "SET", "slowlog-max-len", "2"),
      c("SLOWLOG", "LEN"),
      c("PING"),
      c("SLOWLOG", "LEN"),
      w(c("SLOWLOG", "GET", "-1"), { cmp: slowEntries }),
      c("CONFIG", "SET", "slowlog-log-slower-than", "-1"),
      c("SLOWLOG", "RESET"),
      c("PING"),
      c("SLOWLOG", "LEN"),
    ],
    cleanup: [
      ["CONFIG", "SET", "slowlog-log-slower-than", "10000"],
      ["CONFIG", "SET", "slowlog-max-len", "128"],
      ["SLOWLOG", "RESET"],
    ],
  },
  {
    name: "MONITOR lines",
    proto: 2,
    steps: [
      c("MONITOR"),
      c("MONITOR"),
      ...on(1, c("SET", "k", "v")),
      w(read(), mon()),
      ...on(1, c("ECHO", 'a\u0001"b\\\r\n\t\u00ff')),
      w(read(), mon()),
      ...on(1, c("AUTH", "pw")),
      w(read(), mon()),
      ...on(1, w(c("HELLO", "2", "AUTH", "default", "pw", "SETNAME", "n"), { cmp: helloReply })),
      w(read(), mon()),
      ...on(1, c("CONFIG", "GET", "maxmemory")),
      ...on(1, c("NOSUCH")),
      ...on(1, c("GET")),
      ...on(1, c("MULTI")),
      w(read(), mon()),
      ...on(1, c("INCR", "n")),
      ...on(1, c("EXEC")),
      w(read(), mon()),
      w(read(), mon()),
      ...on(1, c("SELECT", "2")),
      w(read(), mon()),
      // A monitor is a replica to Redis: no keyspace commands; its own others are shown.
      c("GET", "k"),
      c("SET", "k", "v"),
      c("PUBLISH", "ch", "m"),
      c("ECHO", "mine"),
      w(read(), mon()),
      c("MULTI"),
      w(read(), mon()),
      c("MONITOR"),
      w(c("EXEC"), { replies: 2, cmp: monitorLineOrExact }),
    ],
  },
];

compatSuite("ops", cases);
