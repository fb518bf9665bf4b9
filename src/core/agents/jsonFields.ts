// Small guards for reading fields of untrusted JSON without casts.

export type JsonObject = Record<string, unknown>;

export function asObject(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Parses a line as a JSON object; undefined for anything else (garbage, arrays, scalars). */
export function parseJsonObject(line: string): JsonObject | undefined {
  const t = line.trim();
  if (!t.startsWith('{')) return undefined;
  try {
    return asObject(JSON.parse(t));
  } catch {
    return undefined;
  }
}
