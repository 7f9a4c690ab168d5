/**
 * Reading a key that must hold a hash: the one place that decides "missing", "hash" or
 * WRONGTYPE for the hash commands, and where a write creates the hash.
 */
import type { Keyspace, Value } from "../../db/keyspace.ts";
import { RedisHash } from "../../db/types/hash.ts";
import { ERR, ReplyError } from "../../errors.ts";

/** The hash at `key`, undefined when missing; WRONGTYPE when the key holds another type. */
export function getHash(db: Keyspace, key: string): RedisHash | undefined {
  const v: Value | undefined = db.get(key);
  if (v === undefined || v instanceof RedisHash) return v;
  throw new ReplyError(ERR.wrongType);
}

/** The hash at `key`, created empty (and stored) when missing, as Redis's hashTypeLookupWriteOrCreate. */
export function getOrCreateHash(db: Keyspace, key: string): RedisHash {
  const h = getHash(db, key);
  if (h !== undefined) return h;
  const created = new RedisHash();
  db.set(key, created);
  return created;
}
