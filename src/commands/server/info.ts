/**
 * INFO [section ...] — server, clients, memory, stats, keyspace, commandstats and errorstats,
 * in Redis's `# Section` / `field:value` text so monitoring tools parse it unchanged.
 */
import { lowerAscii } from "../../protocol/bytes.ts";
import { isSubscribed } from "../../pubsub/hub.ts";
import { engineIfAny } from "../../scripting/engine.ts";
import { functionsIfAny } from "../../scripting/functions.ts";
import type { Context, Handler } from "../types.ts";

type Section = (ctx: Context) => [string, string | number][];

const sections: Record<string, Section> = {
  server: (ctx) => {
    const s = ctx.server;
    const uptime = Math.floor((ctx.now - s.startedAt) / 1000);
    return [
      ["redis_version", s.version],
      ["redbun_version", REDBUN_VERSION],
      ["redis_mode", "standalone"],
      ["os", `${process.platform} ${process.arch}`],
      ["arch_bits", 64],
      ["process_id", s.pid],
      ["run_id", s.runId],
      ["tcp_port", s.port],
      ["server_time_usec", ctx.now * 1000],
      ["uptime_in_seconds", uptime],
      ["uptime_in_days", Math.floor(uptime / 86400)],
      ["hz", s.config.get("hz")],
      ["executable", process.execPath],
      ["config_file", ""],
    ];
  },
  clients: (ctx) => {
    let pubsub = 0;
    for (const c of ctx.server.clients.values()) if (isSubscribed(c)) pubsub++;
    return [
      ["connected_clients", ctx.server.clients.size],
      ["maxclients", ctx.server.config.get("maxclients")],
      ["blocked_clients", ctx.server.blocking.count],
      ["tracking_clients", ctx.server.tracking.clients],
      ["pubsub_clients", pubsub],
    ];
  },
  memory: (ctx) => {
    const m = process.memoryUsage();
    return [
      ["used_memory", m.heapUsed + m.arrayBuffers],
      ["used_memory_human", human(m.heapUsed + m.arrayBuffers)],
      ["used_memory_rss", m.rss],
      ["used_memory_rss_human", human(m.rss)],
      ["number_of_cached_scripts", engineIfAny(ctx.server)?.scripts.size ?? 0],
      ["number_of_functions", functionsIfAny(ctx.server)?.current.functionCount ?? 0],
      ["number_of_libraries", functionsIfAny(ctx.server)?.current.libraries.size ?? 0],
      ["maxmemory", 0],
      ["maxmemory_policy", "noeviction"],
      ["mem_allocator", "bun"],
    ];
  },
  stats: (ctx) => {
    const st = ctx.server.stats;
    return [
      ["total_connections_received", st.totalConnections],
      ["total_commands_processed", st.totalCommands],
      ["total_net_input_bytes", st.netInputBytes],
      ["total_net_output_bytes", st.netOutputBytes],
      ["rejected_connections", st.rejectedConnections],
      ["expired_keys", ctx.server.dbs.expiredKeys],
      ["evicted_keys", 0],
      ["keyspace_hits", ctx.server.dbs.keyspaceHits],
      ["keyspace_misses", ctx.server.dbs.keyspaceMisses],
      ["pubsub_channels", ctx.server.pubsub.activeChannels().length],
      ["pubsub_patterns", ctx.server.pubsub.numPat],
      ["pubsubshard_channels", ctx.server.pubsub.activeShardChannels().length],
      ["tracking_total_keys", ctx.server.tracking.totalKeys],
      ["tracking_total_items", ctx.server.tracking.items],
      ["tracking_total_prefixes", ctx.server.tracking.totalPrefixes],
      ["total_error_replies", st.errorReplies],
    ];
  },
  persistence: (ctx) => [
    ["loading", 0],
    ["rdb_changes_since_last_save", ctx.server.dirty],
    ["aof_enabled", 0],
  ],
  replication: () => [
    ["role", "master"],
    ["connected_slaves", 0],
  ],
  cpu: () => {
    const u = process.cpuUsage();
    return [
      ["used_cpu_sys", (u.system / 1e6).toFixed(6)],
      ["used_cpu_user", (u.user / 1e6).toFixed(6)],
    ];
  },
  commandstats: (ctx) => {
    const rows: [string, string][] = [];
    for (const [name, st] of ctx.server.stats.commands) {
      if (st.calls === 0 && st.rejectedCalls === 0 && st.failedCalls === 0) continue;
      const per = st.calls ? (st.usec / st.calls).toFixed(2) : "0.00";
      rows.push([
        `cmdstat_${name}`,
        `calls=${st.calls},usec=${Math.round(st.usec)},usec_per_call=${per},rejected_calls=${st.rejectedCalls},failed_calls=${st.failedCalls}`,
      ]);
    }
    return rows;
  },
  errorstats: (ctx) =>
    [...ctx.server.stats.errorCodes].map(([code, n]) => [`errorstat_${code}`, `count=${n}`]),
  keyspace: (ctx) => {
    const rows: [string, string][] = [];
    const dbs = ctx.server.dbs;
    for (let i = 0; i < dbs.count; i++) {
      const db = dbs.db(i);
      if (db.size === 0) continue;
      rows.push([`db${i}`, `keys=${db.size},expires=${db.expiresCount},avg_ttl=0`]);
    }
    return rows;
  },
};

const TITLES: Record<string, string> = {
  server: "Server",
  clients: "Clients",
  memory: "Memory",
  persistence: "Persistence",
  stats: "Stats",
  replication: "Replication",
  cpu: "CPU",
  commandstats: "Commandstats",
  errorstats: "Errorstats",
  keyspace: "Keyspace",
};
const DEFAULT = ["server", "clients", "memory", "persistence", "stats", "replication", "cpu", "keyspace"];
const ALL = [...DEFAULT.slice(0, -1), "commandstats", "errorstats", "keyspace"];

declare const REDBUN_VERSION_DEFINE: string | undefined;
const REDBUN_VERSION = typeof REDBUN_VERSION_DEFINE === "string" ? REDBUN_VERSION_DEFINE : "0.1.0";

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2)}K`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)}M`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)}G`;
}

export function infoText(ctx: Context, wanted: string[]): string {
  let names: string[];
  if (wanted.length === 0 || wanted.includes("default")) names = DEFAULT;
  else if (wanted.includes("all") || wanted.includes("everything")) names = ALL;
  else names = ALL.filter((n) => wanted.includes(n));
  const parts: string[] = [];
  for (const name of names) {
    let body = `# ${TITLES[name]}\r\n`;
    for (const [k, v] of sections[name]!(ctx)) body += `${k}:${v}\r\n`;
    parts.push(body);
  }
  return parts.join("\r\n");
}

export const info: Handler = (ctx, args) => {
  const wanted = args.toArray(1).map(lowerAscii);
  ctx.out.verbatim(infoText(ctx, wanted));
};
