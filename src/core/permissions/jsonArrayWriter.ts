// Rewrites string arrays inside JSON(C) text and nothing else: indentation, key order, unrelated
// keys, comments, line endings and the trailing newline stay as they were. Kept entries reuse
// their original token text byte for byte.
import { memberOf, parseJsonc } from './jsonc';
import type { JsonNode } from './jsonc';

/** One array to replace: its key path from the root (e.g. ['permissions', 'allow']) and the new values. */
export interface ArrayEdit {
  path: string[];
  values: string[];
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Returns the text with each edited array replaced; arrays whose values are unchanged are left alone. */
export function renderJsonArrays(originalText: string, edits: ArrayEdit[]): string {
  const root = parseJsonc(originalText);
  if (root.type !== 'object') throw new Error('the file is not a JSON object');
  const eol = originalText.includes('\r\n') ? '\r\n' : '\n';
  const unit = indentUnit(originalText);
  const splices: Splice[] = [];
  for (const edit of edits) {
    const s = spliceFor(originalText, root, edit, eol, unit);
    if (s) splices.push(s);
  }
  splices.sort((a, b) => b.start - a.start);
  let out = originalText;
  for (const s of splices) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

function indentUnit(text: string): string {
  const m = /\n([ \t]+)["{[\]}]/.exec(text);
  return m?.[1] ?? '  ';
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

function spliceFor(text: string, root: JsonNode, edit: ArrayEdit, eol: string, unit: string): Splice | undefined {
  let parent: JsonNode = root;
  for (let depth = 0; depth < edit.path.length - 1; depth++) {
    const key = edit.path[depth] ?? '';
    const m = memberOf(parent, key);
    if (!m) return insertMissing(text, parent, edit.path.slice(depth), edit.values, eol, unit);
    if (m.value.type !== 'object') throw new Error(`"${edit.path.slice(0, depth + 1).join('.')}" is not an object`);
    parent = m.value;
  }
  const last = edit.path[edit.path.length - 1] ?? '';
  const member = memberOf(parent, last);
  if (!member) return insertMissing(text, parent, [last], edit.values, eol, unit);
  const arr = member.value;
  if (arr.type !== 'array') throw new Error(`"${edit.path.join('.')}" is not an array`);
  const current = arr.items.map((n) => (n.type === 'string' ? n.value : undefined));
  if (current.length === edit.values.length && current.every((v, k) => v === edit.values[k])) return undefined;
  return { start: arr.start, end: arr.end, text: arrayText(text, arr, edit.values, lineIndent(text, member.keyStart), eol, unit) };
}

const COMMENT = /\/\/[^\r\n]*|\/\*[\s\S]*?\*\//g;

function arrayText(
  text: string,
  arr: Extract<JsonNode, { type: 'array' }>,
  values: string[],
  keyIndent: string,
  eol: string,
  unit: string,
): string {
  const original = text.slice(arr.start, arr.end);
  const rawByValue = new Map<string, string>();
  const commentsByValue = new Map<string, string[]>();
  const orphanComments: string[] = [];
  let prevEnd = arr.start + 1;
  for (const item of arr.items) {
    const gap = text.slice(prevEnd, item.start);
    const comments = gap.match(COMMENT) ?? [];
    if (item.type === 'string') {
      if (!rawByValue.has(item.value)) rawByValue.set(item.value, text.slice(item.start, item.end));
      if (comments.length > 0) {
        if (values.includes(item.value)) commentsByValue.set(item.value, comments);
        else orphanComments.push(...comments);
      }
    }
    prevEnd = item.end;
  }
  const tailComments = [...orphanComments, ...(text.slice(prevEnd, arr.end - 1).match(COMMENT) ?? [])];
  const lastItem = arr.items[arr.items.length - 1];
  const trailingComma = lastItem !== undefined && /^\s*,/.test(text.slice(lastItem.end, arr.end - 1).replace(COMMENT, ''));
  const multiline =
    original.includes('\n') || (arr.items.length === 0 && values.length > 0) || tailComments.length > 0 || commentsByValue.size > 0;
  const tokens = values.map((v) => rawByValue.get(v) ?? JSON.stringify(v));
  if (values.length === 0 && tailComments.length === 0) return '[]';
  if (!multiline) {
    const sep = /,\s/.test(original) || arr.items.length < 2 ? ', ' : ',';
    return `[${tokens.join(sep)}${trailingComma ? ',' : ''}]`;
  }
  const first = arr.items[0];
  const itemIndent = first !== undefined && original.includes('\n') ? lineIndent(text, first.start) : keyIndent + unit;
  const lines: string[] = [];
  tokens.forEach((tok, k) => {
    for (const c of commentsByValue.get(values[k] ?? '') ?? []) lines.push(`${itemIndent}${c}`);
    const comma = k < tokens.length - 1 || trailingComma ? ',' : '';
    lines.push(`${itemIndent}${tok}${comma}`);
  });
  for (const c of tailComments) lines.push(`${itemIndent}${c}`);
  return `[${eol}${lines.join(eol)}${eol}${keyIndent}]`;
}

function insertMissing(text: string, parent: JsonNode, path: string[], values: string[], eol: string, unit: string): Splice | undefined {
  if (values.length === 0 || parent.type !== 'object') return undefined;
  if (!text.slice(parent.start, parent.end).includes('\n')) {
    // A one-line object stays on one line.
    const build1 = (keys: string[]): string => {
      const [key, ...rest] = keys;
      return `${JSON.stringify(key ?? '')}: ${rest.length === 0 ? `[${values.map((v) => JSON.stringify(v)).join(', ')}]` : `{${build1(rest)}}`}`;
    };
    const last = parent.members[parent.members.length - 1];
    if (!last) return { start: parent.start + 1, end: parent.end - 1, text: build1(path) };
    return { start: last.value.end, end: last.value.end, text: `, ${build1(path)}` };
  }
  const parentIndent = lineIndent(text, parent.start);
  const memberIndent = parent.members[0] ? lineIndent(text, parent.members[0].keyStart) : parentIndent + unit;
  const build = (keys: string[], indent: string): string => {
    const [key, ...rest] = keys;
    const name = JSON.stringify(key ?? '');
    if (rest.length === 0) {
      const items = values.map((v) => `${indent}${unit}${JSON.stringify(v)}`).join(`,${eol}`);
      return `${name}: [${eol}${items}${eol}${indent}]`;
    }
    return `${name}: {${eol}${indent}${unit}${build(rest, indent + unit)}${eol}${indent}}`;
  };
  const member = build(path, memberIndent);
  const lastMember = parent.members[parent.members.length - 1];
  if (lastMember) {
    const comma = /^\s*,/.exec(text.slice(lastMember.value.end, parent.end - 1));
    if (comma) {
      // JSONC trailing comma: insert after it and keep the style.
      const at = lastMember.value.end + comma[0].length;
      return { start: at, end: at, text: `${eol}${memberIndent}${member},` };
    }
    return { start: lastMember.value.end, end: lastMember.value.end, text: `,${eol}${memberIndent}${member}` };
  }
  return { start: parent.start + 1, end: parent.end - 1, text: `${eol}${memberIndent}${member}${eol}${parentIndent}` };
}
