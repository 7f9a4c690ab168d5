/** The error type of src/config, apart so the parsers and Config can share it without an import cycle. */

/**
 * A configuration problem. From `set`/`setMany` the message is the exact Redis error reply (so
 * CONFIG SET can send it as is); from start-up loading it is a sentence for a human.
 */
export class ConfigError extends Error {
  override name = "ConfigError";
}
