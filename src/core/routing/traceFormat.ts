// The routing trace format (../shared/docs/ROUTING-TRACE.md): JSON Lines of timed events, parsed
// and validated line by line with messages naming the line and the cause.

export type TraceEvent =
  | {
      readonly t: number;
      readonly type: 'session';
      readonly id: string;
      readonly folder: string;
      readonly specialty: string;
      readonly globs: readonly string[];
    }
  | { readonly t: number; readonly type: 'open' | 'close'; readonly file: string }
  | { readonly t: number; readonly type: 'edit'; readonly file: string; readonly by: string }
  | { readonly t: number; readonly type: 'touch'; readonly session: string; readonly file: string; readonly kind: 'read' | 'edit' }
  | {
      readonly t: number;
      readonly type: 'task';
      readonly id: string;
      readonly text: string;
      readonly load: Readonly<Record<string, number>>;
    }
  | { readonly t: number; readonly type: 'done'; readonly task: string; readonly session: string; readonly ok: boolean }
  | { readonly t: number; readonly type: 'history'; readonly text: string; readonly files: readonly string[] };

export interface TraceParseResult {
  readonly events: readonly TraceEvent[];
  /** "line 12: …" messages for lines that were skipped. */
  readonly errors: readonly string[];
}

type Json = Record<string, unknown>;

const str = (o: Json, k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);

export function parseTraceLine(line: string): TraceEvent | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    return `not JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not a JSON object';
  const o = raw as Json;
  const t = o['t'];
  if (typeof t !== 'number' || !Number.isFinite(t)) return 'missing numeric "t"';
  const type = str(o, 'type');
  const need = (...keys: string[]): string | undefined => {
    const missing = keys.filter((k) => str(o, k) === undefined);
    return missing.length > 0 ? `"${type}" event without string ${missing.map((k) => `"${k}"`).join(', ')}` : undefined;
  };
  switch (type) {
    case 'session': {
      const err = need('id');
      if (err) return err;
      const globs = Array.isArray(o['globs']) ? (o['globs'] as unknown[]).filter((g): g is string => typeof g === 'string') : [];
      return { t, type, id: str(o, 'id') ?? '', folder: str(o, 'folder') ?? '', specialty: str(o, 'specialty') ?? '', globs };
    }
    case 'open':
    case 'close':
      return need('file') ?? { t, type, file: str(o, 'file') ?? '' };
    case 'edit':
      return need('file') ?? { t, type, file: str(o, 'file') ?? '', by: str(o, 'by') ?? 'user' };
    case 'touch': {
      const err = need('session', 'file');
      if (err) return err;
      const kind = str(o, 'kind') === 'edit' ? 'edit' : 'read';
      return { t, type, session: str(o, 'session') ?? '', file: str(o, 'file') ?? '', kind };
    }
    case 'task': {
      const err = need('id', 'text');
      if (err) return err;
      const load: Record<string, number> = {};
      const rawLoad = o['load'];
      if (typeof rawLoad === 'object' && rawLoad !== null && !Array.isArray(rawLoad)) {
        for (const [k, v] of Object.entries(rawLoad as Json)) if (typeof v === 'number' && Number.isFinite(v)) load[k] = v;
      }
      return { t, type, id: str(o, 'id') ?? '', text: str(o, 'text') ?? '', load };
    }
    case 'done': {
      const err = need('task', 'session');
      if (err) return err;
      return { t, type, task: str(o, 'task') ?? '', session: str(o, 'session') ?? '', ok: o['ok'] === true };
    }
    case 'history': {
      const err = need('text');
      if (err) return err;
      if (!Array.isArray(o['files'])) return '"history" event without a "files" array';
      const files = (o['files'] as unknown[]).filter((f): f is string => typeof f === 'string' && f.length > 0);
      return { t, type, text: str(o, 'text') ?? '', files };
    }
    default:
      return type === undefined ? 'missing "type"' : `unknown event type "${type}"`;
  }
}

/** Parses a whole trace; bad lines are reported and skipped, never fatal. */
export function parseTrace(content: string): TraceParseResult {
  const events: TraceEvent[] = [];
  const errors: string[] = [];
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (line.length === 0) continue;
    const e = parseTraceLine(line);
    if (typeof e === 'string') errors.push(`line ${i + 1}: ${e}`);
    else events.push(e);
  }
  return { events, errors };
}
