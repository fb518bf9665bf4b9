// Small composable checks for records read back from a store file: each says in words why a value
// is not what the code expects ("specialty: expected an object, found a string"), so one bad
// record can be set aside with its reason instead of failing every reader later. `shape<T>` needs
// a check for every field of T, so a field added to a record type cannot be forgotten here.

/** Why `value` is unusable, or undefined when it is fine. */
export type Check = (value: unknown) => string | undefined;

/** A short description of what a value is, for messages (never its content: it may be large). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a non-finite number';
  return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isString: Check = (v) => (typeof v === 'string' ? undefined : `expected a string, found ${kindOf(v)}`);
export const isNumber: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : `expected a number, found ${kindOf(v)}`);
export const isBoolean: Check = (v) => (typeof v === 'boolean' ? undefined : `expected true or false, found ${kindOf(v)}`);

/** Absent (undefined) or passing `check`. */
export function optional(check: Check): Check {
  return (v) => (v === undefined ? undefined : check(v));
}

/** null or passing `check`. */
export function nullable(check: Check): Check {
  return (v) => (v === null ? undefined : check(v));
}

/** One of the given strings. */
export function oneOf(...values: readonly string[]): Check {
  const allowed = new Set(values);
  return (v) => (typeof v === 'string' && allowed.has(v) ? undefined : `expected one of ${values.join(', ')}, found ${describeValue(v)}`);
}

/** A list whose every item passes `check`. */
export function listOf(check: Check): Check {
  return (v) => {
    if (!Array.isArray(v)) return `expected a list, found ${kindOf(v)}`;
    for (let i = 0; i < v.length; i++) {
      const why = check(v[i]);
      if (why !== undefined) return `item ${i}: ${why}`;
    }
    return undefined;
  };
}

/** An object whose every value passes `check` (a map keyed by id). */
export function mapOf(check: Check): Check {
  return (v) => {
    if (!isPlainObject(v)) return `expected an object, found ${kindOf(v)}`;
    for (const [key, item] of Object.entries(v)) {
      const why = check(item);
      if (why !== undefined) return `${JSON.stringify(key.slice(0, 80))}: ${why}`;
    }
    return undefined;
  };
}

/** An object with a check for every field of T (optional fields use `optional`); other fields are allowed. */
export function shape<T>(fields: { readonly [K in keyof T]-?: Check }): Check {
  const entries = Object.entries(fields) as Array<[string, Check]>;
  return (v) => {
    if (!isPlainObject(v)) return `expected an object, found ${kindOf(v)}`;
    for (const [key, check] of entries) {
      const why = check(v[key]);
      if (why !== undefined) return `${key}: ${why}`;
    }
    return undefined;
  };
}

function describeValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : kindOf(v);
}
