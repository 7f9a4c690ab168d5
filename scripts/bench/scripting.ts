/**
 * Scripting throughput: EVALSHA through redis-benchmark against each server, for a script that
 * does nothing (`return 1`: the fixed cost of a run), one that calls two commands (SET then GET:
 * the cost of redis.call and of converting replies), and one that round-trips a small JSON
 * document through cjson and cmsgpack (the libraries' inner loops). The scripts are loaded with
 * SCRIPT LOAD before the first round; their sha1 is computed here, so the benchmark command is
 * the same for both servers.
 */
import type { ThroughputCase } from "./throughput.ts";

interface ScriptCase {
  label: string;
  body: string;
  keys: string[];
  args: string[];
}

const DOC = JSON.stringify({
  id: 12345,
  name: "job",
  attempts: 3,
  delay: 0.5,
  tags: ["a", "b", "c"],
  opts: { removeOnComplete: true, priority: 7 },
});

const SCRIPTS: ScriptCase[] = [
  { label: "EVALSHA return 1", body: "return 1", keys: ["key"], args: [] },
  {
    label: "EVALSHA SET+GET",
    body: "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])",
    keys: ["key"],
    args: ["value"],
  },
  {
    label: "EVALSHA cjson+cmsgpack",
    // The document is in the body: as an argument, its quotes would break redis-benchmark's CSV.
    body: `local t = cjson.decode([[${DOC}]]) return cjson.encode(cmsgpack.unpack(cmsgpack.pack(t)))`,
    keys: ["key"],
    args: [],
  },
];

function sha1(text: string): string {
  return new Bun.CryptoHasher("sha1").update(text).digest("hex");
}

/**
 * The scripting cases as throughput cases (run by runThroughput), unpipelined and pipelined
 * (-P 16), `requests` scaled by `scale`.
 */
export function scriptingCases(scale: number): ThroughputCase[] {
  const groups = [
    { group: "-c 50", flags: ["-c", "50"], requests: 100_000 },
    { group: "-c 50 -P 16", flags: ["-c", "50", "-P", "16"], requests: 200_000 },
  ];
  return groups.flatMap(({ group, flags, requests }) =>
    SCRIPTS.map((script) => ({
      label: script.label,
      group,
      flags,
      requests: Math.round(requests * scale),
      command: ["EVALSHA", sha1(script.body), String(script.keys.length), ...script.keys, ...script.args],
      setup: [["SCRIPT", "LOAD", script.body]],
    })),
  );
}
