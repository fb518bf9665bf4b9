// The README names the Node.js version it needs, and every package npm installs whose `engines`
// excludes that version (npm ci then warns EBADENGINE): a new user reading the warning finds it
// explained. Read from package-lock.json, so a dependency update that raises a floor fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
};

type Version = [number, number, number];

function cmp(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** One comparator of an npm range (`>=20.19.0`, `^18.18.0`, `~1.2`, `20`, `*`) against a version. */
function comparatorHolds(v: Version, comparator: string): boolean {
  if (comparator === '*' || comparator === 'x' || comparator === '') return true;
  const m = /^(>=|<=|>|<|\^|~|=)?v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(comparator);
  if (!m) throw new Error(`unsupported range comparator '${comparator}'`);
  const op = m[1] ?? '';
  const parts = [m[2], m[3], m[4]].map((p) => (p === undefined || p === 'x' || p === '*' ? undefined : Number(p)));
  const floor: Version = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
  switch (op) {
    case '>=':
      return cmp(v, floor) >= 0;
    case '>':
      return cmp(v, floor) > 0;
    case '<=':
      return cmp(v, floor) <= 0;
    case '<':
      return cmp(v, floor) < 0;
    case '^':
      return cmp(v, floor) >= 0 && (floor[0] > 0 ? v[0] === floor[0] : v[1] === floor[1]);
    case '~':
      return cmp(v, floor) >= 0 && v[0] === floor[0] && v[1] === floor[1];
    default:
      // A bare (partial) version: every part given must match.
      return parts.every((p, i) => p === undefined || p === v[i]);
  }
}

function satisfies(v: Version, range: string): boolean {
  return range.split('||').some((alt) =>
    alt
      .trim()
      .replace(/([<>=^~]+)\s+/g, '$1')
      .split(/\s+/)
      .every((c) => comparatorHolds(v, c)),
  );
}

test('the range check reads the forms the lockfile uses', () => {
  const v: Version = [20, 19, 0];
  assert.equal(satisfies(v, '>=22.0.0'), false);
  assert.equal(satisfies(v, '>=20.19.4'), false);
  assert.equal(satisfies(v, '^20.19.0 || >=22.12.0'), true);
  assert.equal(satisfies(v, '20 || >=22'), true);
  assert.equal(satisfies(v, '>= 0.4'), true);
  assert.equal(satisfies(v, '>=16 || 14 >=14.17'), true);
  assert.equal(satisfies(v, '^18.18.0 || ^20.9.0 || >=21.1.0'), true);
  assert.equal(satisfies(v, '^12.22.0 || ^14.17.0'), false);
});

test("the README explains every installed package whose engines exclude the README's Node version", () => {
  const m = /Node\.js (\d+)\.(\d+)(?:\.(\d+))? or later/.exec(readme);
  assert.ok(m, 'the README names the Node.js version it needs ("Node.js X.Y or later")');
  const minimum: Version = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  const unexplained: string[] = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    const range = !Array.isArray(pkg.engines) ? pkg.engines?.node : undefined;
    if (!path || !range || pkg.optional) continue; // optional packages for other platforms are skipped, not warned about
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!satisfies(minimum, range) && !readme.includes(`\`${name}\``)) unexplained.push(`${name} (node ${range})`);
  }
  assert.deepEqual(unexplained, [], `npm ci warns EBADENGINE for these on Node ${minimum.join('.')}; the README does not say why`);
});
