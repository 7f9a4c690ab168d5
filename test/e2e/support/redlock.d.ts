/**
 * Types for redlock 4 (plain JavaScript, no declarations of its own): only what the acceptance
 * test uses. Its promises are Bluebird's, which `await` treats like any other thenable.
 */
declare module "redlock" {
  import type { EventEmitter } from "node:events";
  import type { Redis } from "ioredis";

  namespace Redlock {
    interface Options {
      driftFactor?: number;
      retryCount?: number;
      retryDelay?: number;
      retryJitter?: number;
    }
    class Lock {
      readonly redlock: Redlock;
      resource: string | string[];
      value: string;
      expiration: number;
      attempts: number;
      unlock(): Promise<void>;
      extend(ttl: number): Promise<Lock>;
    }
    class LockError extends Error {
      attempts: number;
    }
  }

  class Redlock extends EventEmitter {
    constructor(clients: Redis[], options?: Redlock.Options);
    acquire(resource: string | string[], ttl: number): Promise<Redlock.Lock>;
    release(lock: Redlock.Lock): Promise<void>;
    extend(lock: Redlock.Lock, ttl: number): Promise<Redlock.Lock>;
    quit(): Promise<void>;
    static Lock: typeof Redlock.Lock;
    static LockError: typeof Redlock.LockError;
  }

  export = Redlock;
}
