// File names as the file system gives them (bytes): a name that is valid UTF-8 without control
// characters is shown as it is; any other name is shown escaped (`\xNN` for each byte that is not
// UTF-8 or is a control character), while the raw bytes stay the way to open it.

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The name as text when it round-trips through UTF-8 and has no control characters; else undefined. */
export function plainName(name: Buffer): string | undefined {
  if (printableAscii(name)) return name.toString('latin1');
  const text = name.toString('utf8');
  if (CONTROL.test(text) || Buffer.byteLength(text) !== name.length || !Buffer.from(text).equals(name)) return undefined;
  return text;
}

/** A printable rendering of a name: valid UTF-8 characters as they are, other bytes and control characters as `\xNN`. */
export function escapedName(name: Buffer): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const n = sequenceLength(name, i);
    if (n === 0) {
      out += hex(name[i] ?? 0);
      i += 1;
      continue;
    }
    const ch = name.toString('utf8', i, i + n);
    out += CONTROL.test(ch) ? [...name.subarray(i, i + n)].map(hex).join('') : ch;
    i += n;
  }
  return out;
}

/** The name shown to people: plain when possible, escaped otherwise. */
export function displayName(name: Buffer): string {
  return plainName(name) ?? escapedName(name);
}

function printableAscii(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i] ?? 0;
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function hex(b: number): string {
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

/** Length of the well-formed UTF-8 sequence starting at `i` (RFC 3629: no overlongs, no surrogates), or 0. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i] ?? 0;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const x = b[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
