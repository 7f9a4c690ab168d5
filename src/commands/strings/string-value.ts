/**
 * Reading a key that must hold a string: the one place that decides "missing", "string" or
 * WRONGTYPE for the string commands.
 */
import type { Keyspace, Value } from "../../db/keyspace.ts";
import { ERR, ReplyError } from "../../errors.ts";

/** The string at `key`, undefined when missing; WRONGTYPE when the key holds another type. */
export function getString(db: Keyspace, key: string): Uint8Array | undefined {
  const v: Value | undefined = db.get(key);
  if (v === undefined || v instanceof Uint8Array) return v;
  throw new ReplyError(ERR.wrongType);
}

/** Copy a request argument for keeping: request views point into the socket's read buffer. */
export function keep(b: Uint8Array): Uint8Array {
  // Not b.slice(): on a Buffer (what sockets deliver) slice() is a view, not a copy.
  return new Uint8Array(b);
}
