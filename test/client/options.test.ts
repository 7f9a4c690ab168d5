import { describe, expect, test } from "bun:test";
import { resolveOptions } from "../../src/client/options.ts";

describe("client options", () => {
  test("defaults", () => {
    const o = resolveOptions(undefined);
    expect(o).toMatchObject({ host: "127.0.0.1", port: 6379, db: 0, resp: 3, connectTimeout: 10000 });
    expect(o.reconnect).toEqual({ retries: Number.POSITIVE_INFINITY, minDelay: 50, maxDelay: 2000 });
    expect(o.commandTimeout).toBeUndefined();
    expect(o.returnBuffers).toBe(false);
  });

  test("redis:// URL with user, password, port and db", () => {
    const o = resolveOptions("redis://alice:s%40cret@example.com:6380/2");
    expect(o).toMatchObject({
      host: "example.com",
      port: 6380,
      username: "alice",
      password: "s@cret",
      db: 2,
    });
  });

  test("password only, IPv6 host, ?db=", () => {
    expect(resolveOptions("redis://:pw@[::1]:7000").password).toBe("pw");
    expect(resolveOptions("redis://:pw@[::1]:7000").username).toBeUndefined();
    expect(resolveOptions("redis://[::1]:7000").host).toBe("::1");
    expect(resolveOptions("redis://localhost?db=3").db).toBe(3);
  });

  test("unix:// sockets", () => {
    const o = resolveOptions("unix:///tmp/redis.sock?db=1");
    expect(o.path).toBe("/tmp/redis.sock");
    expect(o.db).toBe(1);
  });

  test("explicit options win over the URL", () => {
    const o = resolveOptions({ url: "redis://h:1/1", port: 2, db: 5, reconnect: false, resp: 2 });
    expect(o).toMatchObject({ host: "h", port: 2, db: 5, resp: 2, reconnect: null });
  });

  test("clear errors for TLS, bad schemes and bad databases", () => {
    expect(() => resolveOptions("rediss://h")).toThrow("rediss:// (TLS) is not supported");
    expect(() => resolveOptions("http://h")).toThrow("unsupported URL scheme 'http:'");
    expect(() => resolveOptions("redis://h/x")).toThrow("invalid database number 'x'");
    expect(() => resolveOptions("not a url")).toThrow("invalid redis URL");
  });
});
