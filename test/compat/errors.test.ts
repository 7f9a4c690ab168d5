/**
 * Differential cases for error replies and the request parser: unknown commands (with the
 * 128-byte argument cut), unknown subcommands, wrong arity, inline commands, and every
 * malformed-multibulk protocol error with the close that follows it. The NOAUTH paths are in
 * auth.test.ts (they need requirepass).
 */
import { type Case, c, compatSuite, raw } from "./harness.ts";

const cases: Case[] = [
  {
    name: "unknown commands",
    steps: [
      c("NOSUCH"),
      c("nosuch", "a", "b"),
      c("FOO", ""),
      c(""),
      c("", "x"),
      c("FOO", "a\r\nb", "c\nd"),
      c("x".repeat(200), "arg"),
      c("FOO", "a".repeat(50), "b".repeat(50), "c".repeat(50), "d"),
      c("FOO", "z".repeat(300)),
      c("FOO", ...Array.from({ length: 60 }, (_, i) => `arg${i}`)),
      c("FOO", "it's", 'say "hi"'),
      c("FOO", new Uint8Array([0xff, 0x00, 0x41])),
      c("PING"),
    ],
  },
  {
    // Redis quotes user bytes with %s: raw bytes (no UTF-8 decoding), each cut at a NUL.
    name: "user bytes in error replies",
    steps: [
      c("FOO", new Uint8Array([0xc3, 0xa9]), new Uint8Array([0xe9])),
      c(new Uint8Array([0x66, 0x00, 0x6f]), "x"),
      c(new Uint8Array([0xff, 0xfe]), "a\u0000b", "c"),
      c("FOO", "\u0000", "x"),
      c("CLIENT", new Uint8Array([0xc3, 0xa9, 0x00, 0x78])),
      c("client", new Uint8Array([0xe9])),
      c("CLIENT", "LIST", "TYPE", "a\u0000b"),
      c("CLIENT", "LIST", "TYPE", new Uint8Array([0xc3, 0xa9])),
      c("CLIENT", "KILL", "TYPE", new Uint8Array([0xff])),
      c("HELLO", "3", "a\u0000b"),
      c("HELLO", "3", new Uint8Array([0xe9])),
      c("CONFIG", "SET", "a\u0000b", "1"),
      c("CONFIG", "SET", new Uint8Array([0xc3, 0xa9]), "1"),
      c("CONFIG", "SET", "timeout\u0000x", "1"),
      c("CONFIG", "GET", "timeout\u0000x"),
      c("PUBSUB", "CHANNELS", "a", new Uint8Array([0xe9])),
      c("PUBSUB", new Uint8Array([0xe9])),
      c("PING"),
    ],
  },
  {
    name: "unknown subcommands",
    steps: [
      c("CLIENT", "NOSUCH"),
      c("CLIENT", "nosuch", "a", "b"),
      c("CONFIG", "NOSUCH"),
      c("CONFIG", "nosuch", "x"),
      c("COMMAND", "NOSUCH"),
      c("PUBSUB", "NOSUCH"),
      c("CLIENT", "y".repeat(300)),
      c("CLIENT", ""),
    ],
  },
  {
    name: "wrong arity for commands and subcommands",
    steps: [
      c("GET"),
      c("GET", "a", "b"),
      c("SET", "k"),
      c("MSET", "a", "1", "b"),
      c("PING", "a", "b"),
      c("ECHO"),
      c("SELECT"),
      c("CLIENT"),
      c("CLIENT", "SETNAME"),
      c("CLIENT", "GETNAME", "x"),
      c("CLIENT", "ID", "x"),
      c("CLIENT", "REPLY"),
      c("CLIENT", "NO-EVICT"),
      c("CLIENT", "KILL"),
      c("CONFIG"),
      c("CONFIG", "GET"),
      c("CONFIG", "SET", "timeout"),
      c("CONFIG", "RESETSTAT", "x"),
      c("COMMAND", "COUNT", "x"),
      c("COMMAND", "GETKEYS"),
      c("PUBSUB"),
      c("PUBSUB", "NUMPAT", "x"),
      c("get"),
      c("Client", "SetName"),
    ],
  },
  {
    name: "inline commands",
    steps: [
      raw("PING\r\n"),
      raw("PING\n"),
      raw("ping hello\r\n"),
      raw("  ECHO    spaced   \r\n"),
      raw('SET k "a b"\r\n'),
      c("GET", "k"),
      raw("SET k2 'single quoted'\r\n"),
      c("GET", "k2"),
      raw('ECHO "esc\\x41\\n\\t\\"q\\""\r\n'),
      raw("ECHO 'it\\'s'\r\n"),
      raw('ECHO ""\r\n'),
      // Empty inline lines are skipped without a reply.
      raw("\r\n", 0),
      raw("\n", 0),
      raw("   \r\n", 0),
      raw("PING\r\n"),
      raw("NOSUCH a b\r\n"),
      raw("GET\r\n"),
      raw("PING\r\nPING\r\nECHO x\r\n", 3),
      raw("PING\r\n*1\r\n$4\r\nPING\r\n", 2),
      raw("ECHO a\tb\r\n"),
      raw("ECHO caf\u00e9\r\n"),
    ],
  },
  {
    name: "inline unbalanced quotes close the connection",
    steps: [raw("PING\r\n"), raw('ECHO "unbalanced\r\n', 2)],
  },
  {
    name: "inline closing quote followed by a non-space",
    steps: [raw('ECHO "a"b\r\n', 2)],
  },
  {
    name: "inline single quote unbalanced",
    steps: [raw("ECHO 'open\r\n", 2)],
  },
  {
    name: "too big inline request",
    steps: [raw("a".repeat(70_000), 2)],
  },
  {
    name: "empty and null multibulk are ignored",
    steps: [raw("*0\r\n", 0), raw("*-1\r\n", 0), raw("*-5\r\n", 0), c("PING")],
  },
  {
    name: "bulk payload not followed by CRLF",
    steps: [raw("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", 2)],
  },
  {
    name: "a command split across writes",
    steps: [raw("*2\r\n$4\r\nECHO\r\n$5\r\nhel", 0), raw("lo\r\n")],
  },
  {
    name: "invalid multibulk length",
    steps: [raw("*abc\r\n", 2)],
  },
  {
    name: "multibulk length over INT_MAX",
    steps: [raw("*3000000000\r\n", 2)],
  },
  {
    name: "multibulk length with a sign or spaces",
    steps: [raw("*+1\r\n$4\r\nPING\r\n", 2)],
  },
  {
    name: "expected '$'",
    steps: [raw("*1\r\nx4\r\nPING\r\n", 2)],
  },
  {
    name: "expected '$', got a digit",
    steps: [raw("*2\r\n$4\r\nECHO\r\n5\r\nhello\r\n", 2)],
  },
  {
    name: "invalid bulk length",
    steps: [raw("*1\r\n$abc\r\n", 2)],
  },
  {
    name: "negative bulk length",
    steps: [raw("*1\r\n$-1\r\n", 2)],
  },
  {
    name: "bulk length over proto-max-bulk-len",
    steps: [raw("*1\r\n$536870913\r\n", 2)],
  },
  {
    name: "too big mbulk count string",
    steps: [raw(`*${"1".repeat(70_000)}`, 2)],
  },
  {
    name: "too big bulk count string",
    steps: [raw(`*1\r\n$${"1".repeat(70_000)}`, 2)],
  },
  {
    name: "protocol error after good commands in the same write",
    steps: [raw("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n*x\r\n", 4)],
  },
  {
    name: "protocol error in RESP3",
    proto: 3,
    steps: [raw("*1\r\n$x\r\n", 2)],
  },
];

compatSuite("errors", cases);
