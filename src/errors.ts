/**
 * Every error string redbun sends, exactly as Redis 7 sends it (without the leading `-` and
 * the trailing CRLF), and the one error type commands throw.
 *
 * Commands never write error replies themselves: they `throw new ReplyError(ERR.x)` and the
 * dispatcher turns it into `-<message>\r\n`, so the error path is the same everywhere.
 */

/** An error reply: thrown by commands on the server, returned to callers by the client. */
export class ReplyError extends Error {
  override name = "ReplyError";
  /**
   * Already counted in INFO errorstats (a script failing with the error a command it called
   * returned): the dispatcher then counts only the failed call, as Redis does.
   */
  counted = false;
  /** The first word of the message (`ERR`, `WRONGTYPE`, `NOAUTH`, ...). */
  get code(): string {
    const space = this.message.indexOf(" ");
    return space < 0 ? this.message : this.message.slice(0, space);
  }
}

export const ERR = {
  // transactions (MULTI, EXEC, DISCARD, WATCH)
  multiNested: "ERR MULTI calls can not be nested",
  execWithoutMulti: "ERR EXEC without MULTI",
  discardWithoutMulti: "ERR DISCARD without MULTI",
  watchInsideMulti: "ERR WATCH inside MULTI is not allowed",
  notAllowedInMulti: "ERR Command not allowed inside a transaction",
  execAbort: "EXECABORT Transaction discarded because of previous errors.",
  execAbortBecause: (why: string) => `EXECABORT Transaction discarded because of: ${why}`,
  invalidCursor: "ERR invalid cursor",
  // sets (SINTERCARD)
  numkeysTooMany: "ERR Number of keys can't be greater than number of args",
  limitNegative: "ERR LIMIT can't be negative",
  // lists and blocking (LSET, LPOP count, LPOS, LMPOP, BLPOP & co. timeouts, CLIENT UNBLOCK)
  indexOutOfRange: "ERR index out of range",
  mustBePositive: "ERR value is out of range, must be positive",
  lposRankZero:
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
  lposCountNegative: "ERR COUNT can't be negative",
  lposMaxlenNegative: "ERR MAXLEN can't be negative",
  numkeysNotPositive: "ERR numkeys should be greater than 0",
  countNotPositive: "ERR count should be greater than 0",
  timeoutNotFloat: "ERR timeout is not a float or out of range",
  timeoutNegative: "ERR timeout is negative",
  unblockReason: "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR",
  unblocked: "UNBLOCKED client unblocked via CLIENT UNBLOCK",
  // generic keys and the rest of the strings (RENAME, COPY, MOVE, SWAPDB, OBJECT, SORT, LCS, SETRANGE)
  noSuchKey: "ERR no such key",
  sameObject: "ERR source and destination objects are the same",
  invalidFirstDb: "ERR invalid first DB index",
  invalidSecondDb: "ERR invalid second DB index",
  offsetOutOfRange: "ERR offset is out of range",
  lcsNotStrings: "ERR The specified keys must contain string values",
  lcsIdxAndLen: "ERR If you want both the length and indexes, please just use IDX.",
  lcsTooBig: "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
  sortNotDouble: "ERR One or more scores can't be converted into double",
  lfuNotSelected:
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
  lfuSelected:
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
  noDumpFormat: "ERR DUMP and RESTORE are not supported yet: redbun has no RDB serialization (persistence)",
  // hashes (HINCRBY, HINCRBYFLOAT, HRANDFIELD)
  hashNotInteger: "ERR hash value is not an integer",
  hashNotFloat: "ERR hash value is not a float",
  nanOrInfinity: "ERR value is NaN or Infinity",
  incrNanOrInfinity: "ERR increment would produce NaN or Infinity",
  outOfRange: "ERR value is out of range",
  /** getRangeLongFromObjectOrReply's default text (sic: "must between"). */
  outOfRangeBetween: (min: string, max: string) =>
    `ERR value is out of range, value must between ${min} and ${max}`,
  syntax: "ERR syntax error",
  notInteger: "ERR value is not an integer or out of range",
  notFloat: "ERR value is not a valid float",
  overflow: "ERR increment or decrement would overflow",
  wrongType: "WRONGTYPE Operation against a key holding the wrong kind of value",
  noAuth: "NOAUTH Authentication required.",
  wrongPass: "WRONGPASS invalid username-password pair or user is disabled.",
  authNotConfigured:
    "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
  dbIndexOutOfRange: "ERR DB index is out of range",
  invalidExpire: (cmd: string) => `ERR invalid expire time in '${cmd}' command`,
  maxClients: "ERR max number of clients reached",
  noSuchClient: "ERR No such client",
  noProto: "NOPROTO unsupported protocol version",
  timeoutNotInteger: "ERR timeout is not an integer or out of range",
  bitOffset: "ERR bit offset is not an integer or out of range",
  stringTooLong: "ERR string exceeds maximum allowed size (proto-max-bulk-len)",
  wrongArity: (fullName: string) => `ERR wrong number of arguments for '${fullName}' command`,
  /** `sub` and `cmd` are binary strings (one char per byte), cut at a NUL like Redis's `%s`. */
  unknownSubcommand: (sub: string, cmd: string) =>
    `ERR unknown subcommand '${cString(sub).slice(0, 128)}'. Try ${upperAscii(cString(cmd))} HELP.`,
  /** Redis's addReplySubcommandSyntaxError: a known subcommand with a wrong argument count. */
  subcommandSyntax: (sub: string, cmd: string) =>
    `ERR unknown subcommand or wrong number of arguments for '${cString(sub).slice(0, 128)}'. Try ${cmd} HELP.`,
  subscribeContext: (cmd: string) =>
    `ERR Can't execute '${cmd}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
  /** SSUBSCRIBE inside MULTI/EXEC (Redis's CLIENT_DENY_BLOCKING check). */
  denyBlocking: (cmd: string) => `ERR ${cmd} isn't allowed for a DENY BLOCKING client`,
  monitorDenyBlocking: "ERR MONITOR isn't allowed for DENY BLOCKING client",
  /** A MONITOR client is a replica to Redis: it may not read or write keys. */
  replicaKeyspace: "ERR Replica can't interact with the keyspace",
  slowlogCount: "ERR count should be greater than or equal to -1",
  pauseMode: "ERR CLIENT PAUSE mode must be WRITE or ALL",
  clientNameSpaces: "ERR Client names cannot contain spaces, newlines or special characters.",
  // client-side caching (CLIENT TRACKING, CLIENT CACHING)
  trackingOneRedirect: "ERR A client can only redirect to a single other client",
  trackingNoRedirect: "ERR The client ID you want redirect to does not exist",
  trackingPrefixNeedsBcast: "ERR PREFIX option requires BCAST mode to be enabled",
  trackingSwitchBcast:
    "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.",
  trackingOptBcast: "ERR OPTIN and OPTOUT are not compatible with BCAST",
  trackingOptinOptout: "ERR You can't specify both OPTIN mode and OPTOUT mode",
  trackingSwitchOpt:
    "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.",
  /** Prefixes are binary strings, cut at a NUL like Redis's `%s`. */
  trackingPrefixOverlapsExisting: (prefix: string, existing: string) =>
    `ERR Prefix '${cString(prefix)}' overlaps with an existing prefix '${cString(existing)}'. Prefixes for a single client must not overlap.`,
  trackingPrefixOverlapsGiven: (prefix: string, other: string) =>
    `ERR Prefix '${cString(prefix)}' overlaps with another provided prefix '${cString(other)}'. Prefixes for a single client must not overlap.`,
  cachingWithoutTracking:
    "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled",
  cachingYesNeedsOptin: "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.",
  cachingNoNeedsOptout: "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.",
  unknownConfig: (name: string) =>
    `ERR Unknown option or number of arguments for CONFIG SET - '${cString(name)}'`,
  shutdownFailed: "ERR Errors trying to SHUTDOWN. Check logs.",
  // sorted sets
  zaddXxNx: "ERR XX and NX options at the same time are not compatible",
  zaddGtLtNx: "ERR GT, LT, and/or NX options at the same time are not compatible",
  zaddIncrPair: "ERR INCR option supports a single increment-element pair",
  zsetNaN: "ERR resulting score is not a number (NaN)",
  zsetMinMaxNotFloat: "ERR min or max is not a float",
  zsetMinMaxNotLex: "ERR min or max not valid string range item",
  zrangeLimitRank: "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
  zrangeWithscoresLex: "ERR syntax error, WITHSCORES not supported in combination with BYLEX",
  zsetWeightNotFloat: "ERR weight value is not a float",
  zsetAtLeastOneKey: (cmd: string) => `ERR at least 1 input key is needed for '${cmd}' command`,
  // streams
  streamInvalidId: "ERR Invalid stream ID specified as stream command argument",
  streamIdTooSmall: "ERR The ID specified in XADD is equal or smaller than the target stream top item",
  streamIdZero: "ERR The ID specified in XADD must be greater than 0-0",
  streamExhausted: "ERR The stream has exhausted the last possible ID, unable to add more items",
  streamTooLarge: "ERR Elements are too large to be stored",
  streamMaxlenNegative: "ERR The MAXLEN argument must be >= 0.",
  streamLimitNegative: "ERR The LIMIT argument must be >= 0.",
  streamMaxlenAndMinid: "ERR syntax error, MAXLEN and MINID options at the same time are not compatible",
  streamLimitNoStrategy: "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy",
  streamLimitNoApprox: "ERR syntax error, LIMIT cannot be used without the special ~ option",
  xtrimNoStrategy: "ERR syntax error, XTRIM must be called with a trimming strategy",
  streamStartInvalid: "ERR invalid start ID for the interval",
  streamEndInvalid: "ERR invalid end ID for the interval",
  xreadUnbalanced: (cmd: string, symbol: string) =>
    `ERR Unbalanced ${cmd} list of streams: for each stream key an ID or '${symbol}' must be specified.`,
  xreadGroupOption: "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.",
  xreadNoackOption: "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.",
  xreadGreaterId:
    "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.",
  xsetidEntriesAdded: "ERR entries_added must be positive",
  xsetidBelowGivenMaxDeleted:
    "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id",
  xsetidBelowTop: "ERR The ID specified in XSETID is smaller than the target stream top item",
  xsetidEntriesBelowLength:
    "ERR The entries_added specified in XSETID is smaller than the target stream length",
  /** `group` and `key` are binary strings, cut at a NUL as Redis's `%s`. */
  noGroup: (group: string, key: string) =>
    `NOGROUP No such consumer group '${cString(group)}' for key name '${cString(key)}'`,
  // stream consumer groups (user bytes cut at a NUL, as Redis's `%s`)
  xgroupNoKey:
    "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.",
  busyGroup: "BUSYGROUP Consumer Group name already exists",
  entriesReadInvalid: "ERR value for ENTRIESREAD must be positive or -1",
  noKeyOrGroup: (key: string, group: string) =>
    `NOGROUP No such key '${cString(key)}' or consumer group '${cString(group)}'`,
  xreadgroupNoGroup: (key: string, group: string) =>
    `NOGROUP No such key '${cString(key)}' or consumer group '${cString(group)}' in XREADGROUP with GROUP option`,
  xreadgroupMissingGroup: "ERR Missing GROUP option for XREADGROUP",
  xreadgroupDollar:
    "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.",
  /** XREAD/XREADGROUP BLOCK from a script; `cmd` is the name as the script spelled it. */
  streamBlockInScript: (cmd: string) =>
    `ERR ${cString(cmd)} command is not allowed with BLOCK option from scripts`,
  blockedGroupGone: "NOGROUP the consumer group this client was blocked on no longer exists",
  blockedStreamGone: "UNBLOCKED the stream key no longer exists",
  xclaimMinIdle: (cmd: string) => `ERR Invalid min-idle-time argument for ${cmd}`,
  xclaimOptionValue: (opt: string) => `ERR Invalid ${opt} option argument for XCLAIM`,
  xclaimUnknownOption: (opt: string) => `ERR Unrecognized XCLAIM option '${cString(opt)}'`,
  xautoclaimCount: "ERR COUNT must be > 0",
  xautoclaimCountTooHigh: "ERR Insufficient memory, failed allocating transient memory, COUNT too high.",
  // scripting (EVAL & co., SCRIPT)
  numkeysNegative: "ERR Number of keys can't be negative",
  noScript: "NOSCRIPT No matching script. Please use EVAL.",
  scriptCompile: (luaMessage: string) => `ERR Error compiling script (new function): ${luaMessage}`,
  scriptShebangInvalid: "ERR Invalid script shebang",
  scriptShebangEngine: (engine: string) => `ERR Unexpected engine in script shebang: ${engine}`,
  scriptShebangOption: (option: string) => `ERR Unknown lua shebang option: ${option}`,
  scriptShebangFlag: (flag: string) => `ERR Unexpected flag in script shebang: ${flag}`,
  scriptWriteFlagRo: "ERR Can not execute a script with write flag using *_ro command.",
  scriptFlushOption: "ERR SCRIPT FLUSH only support SYNC|ASYNC option",
  scriptDebugUnsupported: "ERR SCRIPT DEBUG YES|SYNC is not supported: redbun has no Lua debugger",
  notBusy: "NOTBUSY No scripts in execution right now.",
  unkillable:
    "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.",
  busyEval: "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
  busyFunction: "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.",
  // functions (FUNCTION, FCALL)
  functionNotFound: "ERR Function not found",
  functionBadNumkeys: "ERR Bad number of keys provided",
  functionLibraryNotFound: "ERR Library not found",
  functionMetadataMissing: "ERR Missing library metadata",
  functionMetadataInvalid: "ERR Invalid library metadata",
  functionMetadataNameTwice: "ERR Invalid metadata value, name argument was given multiple times",
  functionMetadataValue: (part: string) => `ERR Invalid metadata value given: ${part}`,
  functionMetadataNoName: "ERR Library name was not given",
  functionNameInvalid:
    "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long",
  functionEngineNotFound: (engine: string) => `ERR Engine '${engine}' not found`,
  functionLibraryExists: (name: string) => `ERR Library '${name}' already exists`,
  /** FUNCTION RESTORE's wording of the same collision (no quotes). */
  functionLibraryExistsRestore: (name: string) => `ERR Library ${name} already exists`,
  functionExists: (name: string) => `ERR Function ${name} already exists`,
  functionNoneRegistered: "ERR No functions registered",
  functionCompile: (luaMessage: string) => `ERR Error compiling function: ${luaMessage}`,
  functionRegister: (message: string) => `ERR Error registering functions: ${message}`,
  functionLoadOption: (option: string) => `ERR Unknown option given: ${cString(option)}`,
  functionListNoName: "ERR library name argument was not given",
  functionListArgument: (arg: string) => `ERR Unknown argument ${cString(arg)}`,
  functionFlushOption: "ERR FUNCTION FLUSH only supports SYNC|ASYNC option",
  functionRestorePolicy: "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.",
  functionPayloadInvalid: "ERR DUMP payload version or checksum are wrong",
  functionRestoreReadType: "ERR can not read data type",
  functionRestoreNotFunction: "ERR given type is not a function",
  functionRestoreFailed: (what: string) => `ERR Failed loading ${what}`,
} as const;

/**
 * Errors raised inside a script: the `err` of Redis's Lua error tables, before "ERR " is put in
 * front of those without a code.
 */
export const LUA_ERR = {
  noArgs: "Please specify at least one argument for this redis lib call",
  argType: "Lua redis lib command arguments must be strings or integers",
  unknownCommand: "Unknown Redis command called from script",
  wrongArity: "Wrong number of args calling Redis command from script",
  noScript: "This Redis command is not allowed from script",
  readOnly: "Write commands are not allowed from read-only scripts.",
  killed: "Script killed by user with SCRIPT KILL...",
  sha1Args: "wrong number of arguments",
  replyArgs: "wrong number or type of arguments",
  logArgs: "redis.log() requires two arguments or more.",
  logLevelType: "First argument must be a number (log level).",
  logLevel: "Invalid debug level.",
  setrespArgs: "redis.setresp() requires one argument.",
  setrespValue: "RESP version must be 2 or 3.",
  setReplArgs: "redis.set_repl() requires two arguments.",
  setReplFlags: "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.",
  aclCheckCommand: "Invalid command passed to redis.acl_check_cmd()",
  nonexistentGlobal: "Script attempted to access nonexistent global variable '%s'",
  readonlyTable: "Attempt to modify a readonly table",
  yieldAcrossC: "attempt to yield across metamethod/C-call boundary",
  // redis.register_function while a library loads (FUNCTION LOAD / RESTORE)
  registerOutsideLoad: "redis.register_function can only be called on FUNCTION LOAD command",
  registerArgs: "wrong number of arguments to redis.register_function",
  registerNotTable:
    "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).",
  registerKeyType: "named argument key given to redis.register_function is not a string",
  registerNameType: "function_name argument given to redis.register_function must be a string",
  registerDescriptionType: "description argument given to redis.register_function must be a string",
  registerCallbackType: "callback argument given to redis.register_function must be a function",
  registerFlagsType: "flags argument to redis.register_function must be a table representing function flags",
  registerUnknownFlag: "unknown flag given",
  registerUnknownArgument: "unknown argument given to redis.register_function",
  registerNoName: "redis.register_function must get a function name argument",
  registerNoCallback: "redis.register_function must get a callback argument",
  registerFirstArg: "first argument to redis.register_function must be a string",
  registerSecondArg: "second argument to redis.register_function must be a function",
  registerDuplicate: "Function already exists in the library",
  loadTimeout: "FUNCTION LOAD timeout",
} as const;

/**
 * Redis's reply to a command it does not know. The argument list is cut at 128 bytes the
 * same way Redis cuts it, each argument quoted and followed by a space.
 *
 * `name` and `args` are binary strings (one char per byte, `bytesToKey`): Redis formats them
 * with `%.*s`, so each one also stops at its first NUL byte, and the reply carries the raw
 * bytes (the reply writer sends a binary string byte for byte).
 */
export function unknownCommand(name: string, args: readonly string[]): string {
  let list = "";
  for (let i = 0; i < args.length && list.length < 128; i++) {
    list += `'${cString(args[i]!).slice(0, 128 - list.length)}' `;
  }
  return `ERR unknown command '${cString(name).slice(0, 128)}', with args beginning with: ${list}`;
}

/**
 * What C's `%s` prints of a binary string: everything before the first NUL. Error texts that
 * quote user bytes pass them through this, as Redis's `addReplyErrorFormat(... '%s' ...)` does.
 */
export function cString(s: string): string {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}

/** C's `toupper` per byte: ASCII letters only (String#toUpperCase would also change é, ß...). */
function upperAscii(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/** `-ERR Protocol error: ...` texts; the connection is closed after any of them. */
export const PROTOCOL = {
  tooBigInline: "ERR Protocol error: too big inline request",
  unbalancedQuotes: "ERR Protocol error: unbalanced quotes in request",
  tooBigMbulkCount: "ERR Protocol error: too big mbulk count string",
  invalidMbulkLength: "ERR Protocol error: invalid multibulk length",
  unauthMbulkLength: "ERR Protocol error: unauthenticated multibulk length",
  tooBigBulkCount: "ERR Protocol error: too big bulk count string",
  expectedDollar: (got: string) => `ERR Protocol error: expected '$', got '${got}'`,
  invalidBulkLength: "ERR Protocol error: invalid bulk length",
  unauthBulkLength: "ERR Protocol error: unauthenticated bulk length",
} as const;
