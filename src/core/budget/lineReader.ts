// Streams a file line by line in fixed-size binary chunks (never the whole file in memory), splitting
// lines exactly as Node's readline does with `crlfDelay: Infinity` (\n, \r\n and a lone \r), so line
// counts and contents match ccusage's reader.

import { open } from 'node:fs/promises';

const CHUNK_BYTES = 1 << 20;
const LF = 10;

/**
 * Calls `onLine` for every line of `filePath` (blank lines included; the caller decides what to skip).
 * Lines are decoded as UTF-8 one by one; a line too large to decode is reported as `null`.
 */
export async function forEachLine(filePath: string | Buffer, onLine: (line: string | null) => void): Promise<void> {
  const handle = await open(filePath, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry: Buffer[] = [];
    let carryBytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(LF, start);
        if (nl === -1 || nl >= bytesRead) break;
        if (carryBytes > 0) {
          carry.push(buf.subarray(start, nl));
          emit(Buffer.concat(carry, carryBytes + nl - start), 0, carryBytes + nl - start, onLine);
          carry = [];
          carryBytes = 0;
        } else {
          emit(buf, start, nl, onLine);
        }
        start = nl + 1;
      }
      if (start < bytesRead) {
        // Copy: `buf` is reused by the next read.
        carry.push(Buffer.from(buf.subarray(start, bytesRead)));
        carryBytes += bytesRead - start;
      }
    }
    if (carryBytes > 0) {
      const rest = Buffer.concat(carry, carryBytes);
      emit(rest, 0, rest.length, onLine);
    }
  } finally {
    await handle.close();
  }
}

function emit(buf: Buffer, start: number, end: number, onLine: (line: string | null) => void): void {
  let line: string;
  try {
    line = buf.toString('utf8', start, end);
  } catch {
    onLine(null);
    return;
  }
  if (line.indexOf('\r') === -1) {
    onLine(line);
    return;
  }
  // readline: "\r\n" is one break (the \r ends up last here), a lone "\r" is a break of its own.
  const parts = line.split('\r');
  const last = parts.length - 1;
  for (let i = 0; i < parts.length; i++) {
    if (i === last && parts[i] === '') break;
    onLine(parts[i] ?? '');
  }
}
