/**
 * `bun [--cpu-prof-md --cpu-prof-dir=DIR] scripts/profile-scripting.ts [case] [--n N]`
 *
 * A socketless driver for profiling the scripting engine: pipelined EVALSHA batches go straight
 * into a real Connection (parser, dispatch, engine, reply writer) whose socket drops the bytes,
 * so a CPU profile shows the server's own cost only. Cases: `return1`, `setget`, `json`
 * (cjson/cmsgpack round trip), `bullmq` (BullMQ's addStandardJob then moveToActive, as a Worker
 * runs them). Prints µs per EVALSHA.
 */
import { parseArgs } from "node:util";
import type { Socket } from "bun";
import { Config } from "../src/config/config.ts";
import { ControlledClock } from "../src/db/clock.ts";
import { encodeCommand } from "../src/protocol/command-encoder.ts";
import { Connection } from "../src/server/connection.ts";
import { Server } from "../src/server/server.ts";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { n: { type: "string", default: "200000" } },
  allowPositionals: true,
});
const which = positionals[0] ?? "setget";
const total = Number(values.n);

const silent = { debug() {}, verbose() {}, notice() {}, warning() {} };
const server = new Server(new Config({}), new ControlledClock("real"), silent, null);
let lastReply = new Uint8Array(0);
const socket = {
  write: (buf: Uint8Array, offset = 0, length = buf.length - offset): number => {
    lastReply = buf.slice(offset, Math.min(offset + length, offset + 200));
    return length;
  },
  end() {},
  pause() {},
  resume() {},
  flush() {},
} as unknown as Socket<Connection>;
const conn = new Connection(server, socket, 1, "local:1", "local:1");

function call(...args: (string | number)[]): void {
  conn.onData(encodeCommand(args));
}

async function bullmqBody(name: string): Promise<string> {
  const mod = await import(`bullmq/dist/esm/scripts/${name}.js`);
  const script = Object.values(mod).find((v) => typeof v === "object" && v !== null && "content" in v) as {
    content: string;
  };
  return script.content;
}

function sha1(text: string): string {
  return new Bun.CryptoHasher("sha1").update(text).digest("hex");
}

/** One batch of commands per case, as RESP bytes. */
async function batch(): Promise<{ bytes: Uint8Array; perBatch: number }> {
  const cmds: (string | number)[][] = [];
  const load = (body: string) => {
    call("SCRIPT", "LOAD", body);
    return sha1(body);
  };
  switch (which) {
    case "return1": {
      const sha = load("return 1");
      for (let i = 0; i < 16; i++) cmds.push(["EVALSHA", sha, 1, "key"]);
      break;
    }
    case "setget": {
      const sha = load("redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])");
      for (let i = 0; i < 16; i++) cmds.push(["EVALSHA", sha, 1, "key", "value"]);
      break;
    }
    case "json": {
      const doc = JSON.stringify({ id: 12345, name: "job", attempts: 3, delay: 0.5, tags: ["a", "b"] });
      const sha = load(
        "local t = cjson.decode(ARGV[1]) return cjson.encode(cmsgpack.unpack(cmsgpack.pack(t)))",
      );
      for (let i = 0; i < 16; i++) cmds.push(["EVALSHA", sha, 1, "key", doc]);
      break;
    }
    default:
      throw new Error(`unknown case ${which}`);
  }
  const parts = cmds.map((c) => encodeCommand(c));
  return { bytes: Buffer.concat(parts), perBatch: cmds.length };
}

async function runBullmq(): Promise<void> {
  const add = load(await bullmqBody("addStandardJob-9"));
  const move = load(await bullmqBody("moveToActive-11"));
  function load(body: string) {
    call("SCRIPT", "LOAD", body);
    return sha1(body);
  }
  const { pack } = await import("msgpackr");
  /** `jobs` jobs added then moved to active, on the queue named `queue`. */
  const jobsOn = (queue: string, jobs: number) => {
    const q = `bull:${queue}:`;
    const keys = (...names: string[]) => names.map((n) => q + n);
    const addKeys = keys(
      "wait",
      "paused",
      "meta",
      "id",
      "completed",
      "delayed",
      "active",
      "events",
      "marker",
    );
    const moveKeys = keys(
      "wait",
      "active",
      "prioritized",
      "events",
      "stalled",
      "limiter",
      "delayed",
      "paused",
      "meta",
      "pc",
      "marker",
    );
    for (let i = 0; i < jobs; i++) {
      const args = pack([q, "", "job", Date.now(), null, null, null, null, null, null]);
      const opts = pack({ attempts: 0, delay: 0, timestamp: Date.now() });
      call(
        "EVALSHA",
        add,
        addKeys.length,
        ...addKeys,
        args as unknown as string,
        `{"n":${i}}`,
        opts as unknown as string,
      );
      const moveOpts = pack({ token: `tok-${i}`, lockDuration: 30000, limiter: null, name: "w" });
      call("EVALSHA", move, moveKeys.length, ...moveKeys, q, Date.now(), moveOpts as unknown as string);
    }
  };
  // Warm-up on another queue: the JIT, and the first compilations.
  jobsOn("warm", 3000);
  const start = performance.now();
  const cpu = process.cpuUsage();
  jobsOn("bench", total / 2);
  const used = process.cpuUsage(cpu);
  const us = ((performance.now() - start) * 1000) / total;
  const cpuUs = (used.user + used.system) / total;
  console.log(
    `bullmq: ${us.toFixed(2)} µs per EVALSHA (${cpuUs.toFixed(2)} µs CPU), last reply ${Buffer.from(lastReply).toString("latin1").slice(0, 40).replace(/\r\n/g, " ")}`,
  );
}

if (which === "bullmq") await runBullmq();
else {
  const { bytes, perBatch } = await batch();
  const rounds = Math.ceil(total / perBatch);
  for (let i = 0; i < Math.min(rounds, 500); i++) conn.onData(bytes);
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < rounds; i++) conn.onData(bytes);
  const used = process.cpuUsage(cpu);
  const us = ((performance.now() - start) * 1000) / (rounds * perBatch);
  const cpuUs = (used.user + used.system) / (rounds * perBatch);
  console.log(
    `${which}: ${us.toFixed(2)} µs per EVALSHA (${cpuUs.toFixed(2)} µs CPU), last reply ${Buffer.from(lastReply).toString("latin1").slice(0, 40).replace(/\r\n/g, " ")}`,
  );
}
process.exit(0);
