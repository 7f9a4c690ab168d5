/**
 * Differential cases that need `requirepass`: NOAUTH before AUTH, AUTH and HELLO AUTH with
 * wrong and right passwords, the user name `default`, RESET dropping authentication, and the
 * smaller multibulk/bulk limits Redis applies to unauthenticated connections.
 */
import { type Case, c, compatSuite, raw, type Step, shaped } from "./harness.ts";

const PASSWORD = "s3cret pass";

/** A HELLO reply whose id differs between servers. */
const hello = (...args: string[]): Step => shaped("HELLO", ...args);

const cases: Case[] = [
  {
    name: "NOAUTH before AUTH",
    login: false,
    proto: 2,
    steps: [
      c("GET", "k"),
      c("PING"),
      c("SET", "k", "v"),
      c("CLIENT", "ID"),
      c("SELECT", "1"),
      c("NOSUCHCOMMAND", "x"),
      c("GET"),
      c("ECHO", "x"),
      c("SUBSCRIBE", "ch"),
      hello(),
      c("HELLO", "3"),
      c("HELLO", "2"),
      raw("PING\r\n"),
      c("AUTH", "wrong"),
      c("GET", "k"),
      c("AUTH", PASSWORD),
      c("GET", "k"),
      c("PING"),
    ],
  },
  {
    name: "AUTH forms",
    login: false,
    proto: 2,
    steps: [
      c("AUTH", "default", "wrong"),
      c("AUTH", "nobody", PASSWORD),
      c("AUTH", ""),
      c("AUTH"),
      c("AUTH", "a", "b", "c"),
      c("AUTH", "default", PASSWORD),
      c("PING"),
      c("AUTH", "wrong"),
      c("PING"),
      c("AUTH", "DEFAULT", PASSWORD),
      c("AUTH", PASSWORD),
    ],
  },
  {
    name: "HELLO with AUTH",
    login: false,
    proto: 2,
    steps: [
      c("HELLO", "3", "AUTH", "default", "wrong"),
      c("PING"),
      c("HELLO", "3", "AUTH", "nobody", PASSWORD),
      c("HELLO", "4", "AUTH", "default", PASSWORD),
      c("HELLO", "3", "AUTH", "default"),
      hello("3", "AUTH", "default", PASSWORD, "SETNAME", "authed"),
      c("CLIENT", "GETNAME"),
      c("GET", "missing"),
      hello("2"),
      c("GET", "missing"),
    ],
  },
  {
    name: "QUIT is allowed before AUTH",
    login: false,
    proto: 2,
    steps: [{ ...c("QUIT"), replies: 2 }],
  },
  {
    name: "RESET drops authentication",
    login: false,
    proto: 2,
    steps: [
      c("AUTH", PASSWORD),
      c("SET", "k", "v"),
      c("RESET"),
      c("GET", "k"),
      c("AUTH", PASSWORD),
      c("GET", "k"),
    ],
  },
  {
    name: "authenticated connections work normally",
    steps: [
      c("SET", "k", "v"),
      c("GET", "k"),
      c("CONFIG", "GET", "requirepass"),
      c("AUTH", "wrong"),
      c("GET", "k"),
    ],
  },
  {
    name: "unauthenticated multibulk length limit",
    login: false,
    proto: 2,
    steps: [raw(`*10\r\n${"$1\r\nx\r\n".repeat(10)}`), raw("*11\r\n", 2)],
  },
  {
    name: "unauthenticated bulk length limit",
    login: false,
    proto: 2,
    steps: [
      raw(`*2\r\n$4\r\nECHO\r\n$16384\r\n${"b".repeat(16384)}\r\n`),
      raw("*2\r\n$4\r\nECHO\r\n$16385\r\n", 2),
    ],
  },
  {
    name: "authenticated connections have the normal limits",
    steps: [c("MSET", ...Array.from({ length: 20 }, (_, i) => `k${i}`)), c("ECHO", "c".repeat(20_000))],
  },
];

compatSuite("auth", cases, { config: { requirepass: PASSWORD } });
