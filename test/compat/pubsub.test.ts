/**
 * Differential cases for pub/sub: SUBSCRIBE/UNSUBSCRIBE/PSUBSCRIBE/PUNSUBSCRIBE replies,
 * PUBLISH counts, message and pmessage delivery (RESP2 arrays, RESP3 pushes), the commands
 * refused in RESP2 subscribe mode, PING in subscribe mode, and PUBSUB CHANNELS/NUMSUB/NUMPAT.
 *
 * Every case keeps reply order deterministic: Redis walks its channel and pattern tables in
 * hash order, so no step unsubscribes from (or publishes to) more than one subscription whose
 * relative order the protocol leaves open.
 */
import { type Case, c, compatSuite, on, read, sortedCmd, w } from "./harness.ts";

/** A (P)SUBSCRIBE or (P)UNSUBSCRIBE with one reply per name. */
const sub = (cmd: string, ...names: string[]) => w(c(cmd, ...names), { replies: Math.max(1, names.length) });

const cases: Case[] = [
  {
    name: "SUBSCRIBE and UNSUBSCRIBE replies",
    steps: [
      sub("SUBSCRIBE", "a", "b"),
      sub("SUBSCRIBE", "a"),
      sub("SUBSCRIBE", "c", "c"),
      sub("UNSUBSCRIBE", "a"),
      sub("UNSUBSCRIBE", "a"),
      sub("UNSUBSCRIBE", "never"),
      sub("UNSUBSCRIBE", "b"),
      c("UNSUBSCRIBE"),
      c("UNSUBSCRIBE"),
      c("SUBSCRIBE"),
      c("PING"),
    ],
  },
  {
    name: "UNSUBSCRIBE and PUNSUBSCRIBE from nothing",
    steps: [
      c("UNSUBSCRIBE"),
      c("PUNSUBSCRIBE"),
      sub("UNSUBSCRIBE", "x"),
      sub("PUNSUBSCRIBE", "x*"),
      c("PING"),
      c("GET", "k"),
    ],
  },
  {
    name: "PSUBSCRIBE and PUNSUBSCRIBE replies",
    steps: [
      sub("PSUBSCRIBE", "news.*", "h?llo"),
      sub("PSUBSCRIBE", "news.*"),
      sub("SUBSCRIBE", "plain"),
      sub("PUNSUBSCRIBE", "news.*"),
      sub("PUNSUBSCRIBE", "nope*"),
      c("PUNSUBSCRIBE"),
      c("PUNSUBSCRIBE"),
      c("UNSUBSCRIBE"),
      c("PSUBSCRIBE"),
      sub("PUNSUBSCRIBE", "a", "b"),
    ],
  },
  {
    name: "PUBLISH counts and message delivery",
    steps: [
      c("PUBLISH", "ch", "nobody"),
      sub("SUBSCRIBE", "ch"),
      ...on(1, sub("SUBSCRIBE", "ch", "other")),
      ...on(2, sub("PSUBSCRIBE", "c*")),
      ...on(3, c("PUBLISH", "ch", "hello")),
      read(),
      ...on(1, read()),
      ...on(2, read()),
      ...on(3, c("PUBLISH", "other", "")),
      ...on(1, read()),
      ...on(3, c("PUBLISH", "cx", "pattern only")),
      ...on(2, read()),
      ...on(3, c("PUBLISH", "nomatch", "x")),
      ...on(3, c("PUBLISH", "ch")),
      ...on(3, c("PUBLISH", "ch", "a", "b")),
    ],
  },
  {
    name: "a channel and a pattern on the same connection",
    steps: [
      sub("SUBSCRIBE", "news.tech"),
      sub("PSUBSCRIBE", "news.*"),
      ...on(1, c("PUBLISH", "news.tech", "both")),
      w(read(), { replies: 2 }),
      ...on(1, c("PUBLISH", "news.art", "pattern")),
      read(),
      sub("UNSUBSCRIBE", "news.tech"),
      ...on(1, c("PUBLISH", "news.tech", "after")),
      read(),
    ],
  },
  {
    name: "binary channel names and messages",
    steps: [
      sub("SUBSCRIBE", "bin\u0000chan\r\n"),
      ...on(1, c("PUBLISH", "bin\u0000chan\r\n", "a\r\nb\u0000")),
      read(),
      ...on(1, c("PUBLISH", new Uint8Array([0xff, 0x00]), new Uint8Array([0x80]))),
      sub("PSUBSCRIBE", "bin*"),
      ...on(1, c("PUBLISH", "binary", "x")),
      read(),
    ],
  },
  {
    name: "commands refused in RESP2 subscribe mode",
    proto: 2,
    steps: [
      sub("SUBSCRIBE", "ch"),
      c("GET", "k"),
      c("SET", "k", "v"),
      c("PUBLISH", "ch", "x"),
      c("ECHO", "x"),
      c("CLIENT", "ID"),
      c("SELECT", "0"),
      c("NOSUCHCOMMAND"),
      c("PUBSUB", "NUMPAT"),
      c("PING"),
      c("PING", "payload"),
      c("PING", "a", "b"),
      c("ping", ""),
      sub("PSUBSCRIBE", "p*"),
      c("GET", "k"),
      c("UNSUBSCRIBE"),
      c("GET", "k"),
      c("PUNSUBSCRIBE"),
      c("GET", "k"),
      c("PING"),
    ],
  },
  {
    // RESP3 has pushes, so a subscribed connection may run any command.
    name: "commands allowed in RESP3 subscribe mode",
    proto: 3,
    steps: [
      sub("SUBSCRIBE", "ch"),
      c("GET", "k"),
      c("SET", "k", "v"),
      // Publishing to itself: the message push arrives before PUBLISH's own reply.
      w(c("PUBLISH", "ch", "to-self"), { replies: 2 }),
      c("ECHO", "x"),
      c("SELECT", "0"),
      c("NOSUCHCOMMAND"),
      c("PUBSUB", "NUMSUB", "ch"),
      c("PING"),
      c("PING", "payload"),
      sub("PSUBSCRIBE", "c*"),
      w(c("PUBLISH", "ch", "twice"), { replies: 3 }),
      c("UNSUBSCRIBE"),
      c("PUNSUBSCRIBE"),
      c("PING"),
      c("GET", "k"),
    ],
  },
  {
    name: "PUBSUB CHANNELS, NUMSUB and NUMPAT",
    steps: [
      c("PUBSUB", "CHANNELS"),
      c("PUBSUB", "NUMSUB"),
      c("PUBSUB", "NUMSUB", "a"),
      c("PUBSUB", "NUMPAT"),
      ...on(1, sub("SUBSCRIBE", "news.tech", "news.art", "sport")),
      ...on(2, sub("SUBSCRIBE", "news.tech")),
      ...on(2, sub("PSUBSCRIBE", "news.*", "s*")),
      ...on(3, sub("PSUBSCRIBE", "news.*")),
      sortedCmd("PUBSUB", "CHANNELS"),
      sortedCmd("PUBSUB", "CHANNELS", "news.*"),
      sortedCmd("PUBSUB", "CHANNELS", "*"),
      sortedCmd("PUBSUB", "CHANNELS", "s?ort"),
      c("PUBSUB", "CHANNELS", "nomatch*"),
      c("PUBSUB", "NUMSUB", "news.tech", "news.art", "sport", "none", "news.tech"),
      c("PUBSUB", "NUMPAT"),
      c("PUBSUB", "numpat"),
      ...on(3, c("PUNSUBSCRIBE")),
      c("PUBSUB", "NUMPAT"),
      ...on(1, sub("UNSUBSCRIBE", "sport")),
      sortedCmd("PUBSUB", "CHANNELS"),
      c("PUBSUB", "CHANNELS", "a", "b"),
      c("PUBSUB", "channels", "a", "b", "c"),
      c("PUBSUB", "NUMSUB", "a", "a"),
      c("PUBSUB", "NUMPAT", "x"),
      c("PUBSUB", "BOGUS"),
      c("PUBSUB"),
      c("PUBSUB", "HELP"),
    ],
  },
];

compatSuite("pubsub", cases);
