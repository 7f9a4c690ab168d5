/**
 * Test utility: finds where one RESP2/RESP3 reply ends in a byte buffer and records its
 * structure, without decoding values. The compat suite compares the raw bytes of each reply,
 * so it needs frame extents, not a client-grade parser; the node tree is only for the
 * "shape" and "sorted" comparators.
 *
 * Deliberately independent of src/protocol: a bug shared by the server's writer and the
 * client's parser must not be able to hide itself here.
 */

/** One scanned reply. `start`/`end` are byte offsets into the scanned buffer. */
export interface RespNode {
  /** The type byte as a character: `+ - : $ * % ~ > _ , # ( ! = |`. */
  type: string;
  start: number;
  end: number;
  /** For line types: the line after the type byte. For bulk types: the length line. */
  head: string;
  /** Aggregates (and null `*-1`/`$-1`): element count, -1 for null. Maps count pairs. */
  count?: number;
  /** Aggregate elements in order (maps: key, value, key, value, ...). */
  children?: RespNode[];
  /** Attribute (`|`) frames that preceded this reply, if any. */
  attribute?: RespNode;
}

/** Thrown when the bytes are not RESP at all (as opposed to merely incomplete). */
export class RespScanError extends Error {
  override name = "RespScanError";
}

const CR = 13;
const LF = 10;

/** Index of the `\r` of the next CRLF at or after `from`, or -1 if none yet. */
function lineEnd(buf: Uint8Array, from: number): number {
  for (let i = from; i + 1 < buf.length; i++) {
    if (buf[i] === CR && buf[i + 1] === LF) return i;
  }
  return -1;
}

function latin1(buf: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(buf[i]);
  return s;
}

function parseLength(head: string, at: number): number {
  if (!/^-?\d+$/.test(head)) throw new RespScanError(`bad length '${head}' at byte ${at}`);
  return Number(head);
}

/**
 * Scans one reply starting at `offset`. Returns its node, or `undefined` when the buffer
 * ends before the reply does (read more and scan again from the same offset).
 */
export function scanReply(buf: Uint8Array, offset = 0): RespNode | undefined {
  if (offset >= buf.length) return undefined;
  const type = String.fromCharCode(buf[offset]);
  const eol = lineEnd(buf, offset + 1);
  if (eol < 0) return undefined;
  const head = latin1(buf, offset + 1, eol);
  const afterHead = eol + 2;
  switch (type) {
    case "+":
    case "-":
    case ":":
    case "_":
    case ",":
    case "#":
    case "(":
      return { type, start: offset, end: afterHead, head };
    case "$":
    case "!":
    case "=": {
      const len = parseLength(head, offset);
      if (len < 0) return { type, start: offset, end: afterHead, head, count: -1 };
      const end = afterHead + len + 2;
      if (end > buf.length) return undefined;
      if (buf[end - 2] !== CR || buf[end - 1] !== LF) {
        throw new RespScanError(`bulk of ${len} bytes at byte ${offset} not followed by CRLF`);
      }
      return { type, start: offset, end, head };
    }
    case "*":
    case "~":
    case ">":
    case "%":
    case "|": {
      const count = parseLength(head, offset);
      if (count < 0) return { type, start: offset, end: afterHead, head, count: -1 };
      const elements = type === "%" || type === "|" ? count * 2 : count;
      const children: RespNode[] = [];
      let at = afterHead;
      for (let i = 0; i < elements; i++) {
        const child = scanReply(buf, at);
        if (!child) return undefined;
        children.push(child);
        at = child.end;
      }
      const node: RespNode = { type, start: offset, end: at, head, count, children };
      if (type !== "|") return node;
      // An attribute is not a reply on its own: it decorates the reply that follows it.
      const reply = scanReply(buf, at);
      if (!reply) return undefined;
      return { ...reply, start: offset, attribute: node };
    }
    default:
      throw new RespScanError(`unknown RESP type byte 0x${buf[offset].toString(16)} at byte ${offset}`);
  }
}

/** Bytes as readable text: printable ASCII kept, CR/LF/TAB/backslash escaped, others as \xNN. */
export function escapeBytes(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) {
    if (b === CR) s += "\\r";
    else if (b === LF) s += "\\n";
    else if (b === 9) s += "\\t";
    else if (b === 92) s += "\\\\";
    else if (b === 34) s += '\\"';
    else if (b >= 32 && b < 127) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return `"${s}"`;
}

/** The payload of a bulk-like node (`$ ! =`) as a latin1 string; `undefined` for null. */
export function bulkText(buf: Uint8Array, node: RespNode): string | undefined {
  if (node.count === -1) return undefined;
  const from = node.end - 2 - Number(node.head);
  return latin1(buf, from, node.end - 2);
}
