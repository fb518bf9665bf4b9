// A small JSON-with-comments parser that keeps source offsets, so a writer can replace one array
// and leave every other byte alone. Comments and trailing commas are tolerated; duplicate keys
// are an error (the file's meaning would be ambiguous).

export type JsonNode =
  | { type: 'object'; start: number; end: number; members: JsonMember[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'number'; start: number; end: number; value: number }
  | { type: 'boolean'; start: number; end: number; value: boolean }
  | { type: 'null'; start: number; end: number; value: null };

export interface JsonMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

/** A parse failure with its position. */
export class JsonParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = 'JsonParseError';
  }
}

/** Line and column (1-based) of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses JSONC text into a tree with offsets. Throws JsonParseError. */
export function parseJsonc(text: string): JsonNode {
  let i = 0;
  const fail = (message: string, at = i): never => {
    const { line, column } = positionOf(text, at);
    throw new JsonParseError(message, at, line, column);
  };
  const skip = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) {
        i++;
        continue;
      }
      if (c === 47 && text[i + 1] === '/') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl;
        continue;
      }
      if (c === 47 && text[i + 1] === '*') {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) fail('unterminated comment');
        i = close + 2;
        continue;
      }
      return;
    }
  };
  const parseString = (): { type: 'string'; start: number; end: number; value: string } => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        i += 2;
        continue;
      }
      if (c < 32) fail('control character in string');
      i++;
    }
    i++;
    const raw = text.slice(start, i);
    try {
      return { type: 'string', start, end: i, value: JSON.parse(raw) as string };
    } catch {
      return fail('invalid escape in string', start);
    }
  };
  const parseValue = (depth: number): JsonNode => {
    if (depth > 200) fail('nesting too deep');
    skip();
    const start = i;
    const ch = text[i];
    if (ch === '{') {
      i++;
      const members: JsonMember[] = [];
      const seen = new Set<string>();
      skip();
      while (text[i] !== '}') {
        if (text[i] !== '"') fail(i >= text.length ? 'unexpected end of file' : `expected a property name, found "${text[i] ?? ''}"`);
        const key = parseString();
        if (seen.has(key.value)) fail(`duplicate key "${key.value}"`, key.start);
        seen.add(key.value);
        skip();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        const value = parseValue(depth + 1);
        members.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value });
        skip();
        if (text[i] === ',') {
          i++;
          skip();
          continue;
        }
        if (text[i] !== '}') fail(i >= text.length ? 'unexpected end of file' : 'expected "," or "}"');
      }
      i++;
      return { type: 'object', start, end: i, members };
    }
    if (ch === '[') {
      i++;
      const items: JsonNode[] = [];
      skip();
      while (text[i] !== ']') {
        if (i >= text.length) fail('unexpected end of file');
        items.push(parseValue(depth + 1));
        skip();
        if (text[i] === ',') {
          i++;
          skip();
          continue;
        }
        if (text[i] !== ']') fail(i >= text.length ? 'unexpected end of file' : 'expected "," or "]"');
      }
      i++;
      return { type: 'array', start, end: i, items };
    }
    if (ch === '"') return parseString();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) fail(i >= text.length ? 'unexpected end of file' : `unexpected character "${ch ?? ''}"`);
    const tok = m?.[0] ?? '';
    i += tok.length;
    if (tok === 'true' || tok === 'false') return { type: 'boolean', start, end: i, value: tok === 'true' };
    if (tok === 'null') return { type: 'null', start, end: i, value: null };
    return { type: 'number', start, end: i, value: Number(tok) };
  };
  const root = parseValue(0);
  skip();
  if (i < text.length) fail('unexpected content after the end of the JSON value');
  return root;
}

/** The member of an object node with this key. */
export function memberOf(node: JsonNode | undefined, key: string): JsonMember | undefined {
  return node?.type === 'object' ? node.members.find((m) => m.key === key) : undefined;
}

/** Plain value of a node (for reading settings). */
export function toValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(node.members.map((m) => [m.key, toValue(m.value)]));
    case 'array':
      return node.items.map(toValue);
    default:
      return node.value;
  }
}
