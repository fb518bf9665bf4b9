// The generalizing tier: each widening with its extra coverage, the risk policy, deny/ask never
// reached, and the 206-rule list of the kind seen in the wild going to 50 or fewer.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { consolidate } from '../../../src/core/permissions/consolidate';
import { decide } from '../../../src/core/permissions/matcher';
import { DEFAULT_RISK_POLICY } from '../../../src/core/permissions/riskPolicy';
import { parseRule } from '../../../src/core/permissions/ruleParser';
import type { RuleLists } from '../../../src/core/permissions/types';
import { assertNoWideningPastDenyAsk, bash, corpusFiles, lists } from '../../support/permissions/helpers';
import { wild206 } from './fixtures/wild206';

function gen(input: Partial<RuleLists<string>>, opts = {}): ReturnType<typeof consolidate> {
  const before = lists(input);
  const r = consolidate(before, { generalize: true, ...opts });
  assert.deepEqual(r.verification.mismatches, []);
  assertNoWideningPastDenyAsk(before, r.rules);
  return r;
}

describe('generalizing tier', () => {
  test('one-off commands differing in literal arguments collapse into a prefix, with the extra coverage', () => {
    const shas = [
      ['951f5df', '143a0c9'],
      ['143a0c9', '598c721'],
      ['598c721', 'a26c89e'],
    ];
    const r = gen({ allow: shas.map(([a, b]) => `Bash(bash D:/x/review-package ${a ?? ''} ${b ?? ''})`) });
    assert.deepEqual(r.rules.allow, ['Bash(bash D:/x/review-package *)']);
    const c = r.changes.find((x) => x.tier === 'generalize');
    assert.ok(c?.extraCoverage?.includes('also allows'));
    assert.equal(c?.removed.length, 3);
    assert.equal(decide(r.rules, bash('bash D:/x/review-package abc def')), 'allow');
    assert.equal(decide(r.rules, bash('bash -c id')), 'none');
  });
  test('subcommands merge under the program only when safe: git add/commit stay apart from git push --force', () => {
    const r = gen({
      allow: [
        'Bash(git add src/a.ts)',
        'Bash(git add src/b.ts)',
        'Bash(git commit -m "a")',
        'Bash(git commit -m "b")',
        'Bash(git status)',
        'Bash(git push origin main)',
      ],
    });
    assert.ok(!r.rules.allow.includes('Bash(git *)'));
    assert.ok(r.rules.allow.includes('Bash(git add *)') && r.rules.allow.includes('Bash(git commit *)'));
    assert.ok(r.rules.allow.includes('Bash(git push origin main)'), 'git push is never widened (--force may follow)');
    assert.equal(decide(r.rules, bash('git push --force origin main')), 'none');
  });
  test('the risk policy: rm, sudo, npx, python -c, bash -c, docker, kill never widened', () => {
    const risky = [
      'rm -rf build/a',
      'rm -rf build/b',
      'rm -rf build/c',
      'sudo apt install a',
      'sudo apt install b',
      'sudo apt install c',
      'npx a',
      'npx b',
      'npx c',
      'python -c "1"',
      'python -c "2"',
      'python -c "3"',
      'bash -c "a"',
      'bash -c "b"',
      'bash -c "c"',
      'docker run a',
      'docker run b',
      'docker rm c',
      'kill 1',
      'kill 2',
      'kill 3',
      'curl -o /tmp/a http://x/1',
      'curl -o /tmp/b http://x/2',
    ];
    const r = gen({ allow: risky.map((c) => `Bash(${c})`) });
    assert.equal(r.rules.allow.length, risky.length);
    assert.equal(r.changes.length, 0);
  });
  test('a package runner with a fixed package may merge: npx prisma *', () => {
    const r = gen({ allow: ['Bash(npx prisma generate)', 'Bash(npx prisma studio)', 'Bash(npx prisma migrate dev --name init)'] });
    assert.deepEqual(r.rules.allow, ['Bash(npx prisma *)']);
  });
  test('the risk policy is a parameter', () => {
    // `make` is in the default list now (make --eval, SHELL=…); a program outside it shows the parameter.
    const input = { allow: ['Bash(mytool build)', 'Bash(mytool test)', 'Bash(mytool lint)'] };
    assert.deepEqual(gen(input).rules.allow, ['Bash(mytool *)']);
    assert.equal(gen(input, { riskPolicy: { risky: [...DEFAULT_RISK_POLICY.risky, 'mytool'] } }).rules.allow.length, 3);
    const make = { allow: ['Bash(make build)', 'Bash(make test)', 'Bash(make lint)'] };
    assert.equal(gen(make).rules.allow.length, 3);
    assert.deepEqual(gen(make, { riskPolicy: { risky: DEFAULT_RISK_POLICY.risky.filter((r) => r !== 'make') } }).rules.allow, [
      'Bash(make *)',
    ]);
  });
  test('never past a deny or ask', () => {
    const r = gen({
      allow: [
        'Bash(gh api repos/a)',
        'Bash(gh api user)',
        'Bash(gh api orgs/x)',
        'Bash(gh pr view 1)',
        'Bash(gh pr create --fill)',
        'Bash(gh pr list)',
      ],
      ask: ['Bash(gh api * --method *)'],
    });
    assert.ok(!r.rules.allow.includes('Bash(gh *)') && !r.rules.allow.includes('Bash(gh api *)'));
    assert.ok(r.rules.allow.includes('Bash(gh pr *)'));
  });
  test('no generated rule has a * before a subcommand', () => {
    const r = gen(wild206());
    for (const c of r.changes) {
      for (const raw of c.added) {
        const p = parseRule(raw, 'allow');
        assert.ok(!p.flags.includes('starBeforeSubcommand'), raw);
        if (p.form.kind === 'command') assert.ok(p.form.pattern.normalized.indexOf('*') === p.form.pattern.normalized.length - 1, raw);
      }
    }
  });
  test('groups that only read are not widened into writes', () => {
    assert.equal(gen({ allow: ['Bash(bq ls x)', 'Bash(bq show y)', 'Bash(bq head z)'] }).rules.allow.length, 3);
    assert.equal(gen({ allow: ['mcp__gh__get_issue', 'mcp__gh__list_prs', 'mcp__gh__search_code'] }).rules.allow.length, 3);
    assert.deepEqual(
      gen(
        { allow: ['Bash(bq ls x)', 'Bash(bq show y)', 'Bash(bq head z)'] },
        { riskPolicy: { ...DEFAULT_RISK_POLICY, keepReadOnlyGroupsReadOnly: false } },
      ).rules.allow,
      ['Bash(bq *)'],
    );
    assert.ok(
      !gen({ allow: ['Bash(claude --help)', 'Bash(claude mcp list)', 'Bash(claude plugin add x)'] }).rules.allow.includes('Bash(claude *)'),
      'agents are risky',
    );
  });
  test('MCP tools of one server merge, unless a deny/ask names the server', () => {
    const tools = ['navigate', 'snapshot', 'click'].map((t) => `mcp__playwright__browser_${t}`);
    assert.deepEqual(gen({ allow: tools }).rules.allow, ['mcp__playwright']);
    assert.equal(gen({ allow: tools, deny: ['mcp__playwright__browser_evaluate'] }).rules.allow.length, 3);
  });
  test('built-in read-only commands are dropped (they run without a prompt), never anything else', () => {
    const r = gen({
      allow: ['Bash(ls -la src)', 'Bash(cat package.json)', 'Bash(git log --oneline -5)', 'Bash(find . -delete)', 'Bash(make)'],
    });
    assert.deepEqual(r.rules.allow, ['Bash(find . -delete)', 'Bash(make)']);
    assert.ok(r.changes.some((c) => c.kind === 'builtinReadOnly' && c.extraCoverage !== undefined));
  });
  test('a 206-rule list of the kind seen in the wild shrinks to a quarter, nothing denied or asked becomes allowed', () => {
    const input = wild206();
    assert.equal(input.allow.length, 206);
    const r = gen(input);
    process.stdout.write(
      `# wild 206: allow ${input.allow.length} -> ${r.rules.allow.length} (all lists ${r.before} -> ${r.after}), ${r.changes.filter((c) => c.tier === 'generalize').length} generalizations\n`,
    );
    // It was 50 when `npm install *`, `python -m pip install *` and `pip *` were allowed widenings; installs
    // run the packages' own scripts, so they stay apart now (see pruneTier.test.ts for --generalize --prune).
    assert.ok(r.rules.allow.length <= 59, `${r.rules.allow.length} rules left`);
    assert.ok(!r.rules.allow.some((x) => /^Bash\((npm install|pip|python -m pip)( install)? \*\)$/.test(x)), 'installs are never widened');
    assert.deepEqual(r.rules.deny, input.deny);
    assert.deepEqual(r.rules.ask, input.ask);
    for (const cmd of [
      'rm -rf /',
      'sudo rm -rf /',
      'git push --force origin main',
      'git reset --hard HEAD',
      'npm publish',
      'git push origin main',
    ]) {
      assert.notEqual(decide(r.rules, bash(cmd)), 'allow', cmd);
    }
    assert.equal(decide(r.rules, { tool: 'Read', path: '/workspace/.env' }), 'deny');
  });
  test('the whole real corpus with generalization: no deny/ask/allow decision changes', () => {
    let before = 0;
    let after = 0;
    for (const f of corpusFiles()) {
      const r = gen(f.lists);
      before += r.before;
      after += r.after;
    }
    process.stdout.write(`# generalizing tier on the real corpus: ${before} -> ${after} rules\n`);
    assert.ok(after < before);
  });
});

describe('generalizing tier: commands whose arguments run code or write files', () => {
  const neverWidened: [string, string[]][] = [
    ['awk (system(), print > file)', ["awk '{print $1}' a.txt", "awk '{print $2}' b.txt", "awk -F, '{print $3}' c.csv"]],
    ['sed (the e and w commands, -i)', ['sed -n 1,10p a.txt', 'sed -n 5p b.txt', "sed -n '/x/p' c.txt"]],
    ['tar (extracts anywhere, --to-command)', ['tar -tzf a.tgz', 'tar -tzf b.tgz', 'tar -tzf c.tgz']],
    ['npm install (install scripts)', ['npm install zod', 'npm install dayjs', 'npm install vitest']],
    ['git log (--output= writes)', ['git log --oneline -5 > a.txt', 'git log --author=x --format=%H main', 'git log -S foo origin/main']],
    ['find (-exec, -delete)', ['find src -name a.ts', 'find test -name b.ts', 'find docs -name c.md']],
    ['xargs', ['xargs -n1 echo a', 'xargs -n1 echo b', 'xargs -n2 echo c']],
    ['make (--eval, SHELL=)', ['make build', 'make test', 'make lint']],
    ['pip install (setup.py)', ['pip install fastapi', 'pip install uvicorn', 'pip install pydantic']],
    ['cp (writes anywhere)', ['cp a.txt b.txt', 'cp c.txt d.txt', 'cp e.txt f.txt']],
    ['tee', ['tee out/a.log', 'tee out/b.log', 'tee out/c.log']],
    ['git clone (--upload-pack, --config)', ['git clone https://x/a', 'git clone https://x/b', 'git clone https://x/c']],
    ['sqlite3 (.shell)', ['sqlite3 a.db .tables', 'sqlite3 b.db .schema', 'sqlite3 c.db "select 1"']],
  ];
  for (const [why, commands] of neverWidened) {
    test(`not widened: ${why}`, () => {
      const r = gen({ allow: commands.map((c) => `Bash(${c})`) });
      const widened = r.changes.filter((c) => c.tier === 'generalize' && c.added.length > 0);
      assert.deepEqual(widened, [], JSON.stringify(widened));
    });
  }
  test('the default list names every program the brief found widened, and package.json mirrors it', () => {
    for (const entry of ['awk', 'sed', 'tar', 'npm install', 'git log * --output', 'find', 'xargs', 'make'])
      assert.ok(DEFAULT_RISK_POLICY.risky.includes(entry), entry);
  });
  test('each widened rule says what it now allows', () => {
    const r = gen({
      allow: ['Bash(gh pr view 1)', 'Bash(gh pr list)', 'Bash(gh pr create --fill)', 'Bash(git add a.ts)', 'Bash(git add b.ts)'],
    });
    const widened = r.changes.filter((c) => c.tier === 'generalize' && c.added.length > 0);
    assert.equal(widened.length, 2);
    const gh = widened.find((c) => c.added[0] === 'Bash(gh pr *)');
    assert.match(gh?.extraCoverage ?? '', /^Bash\(gh pr \*\) also allows every gh pr subcommand: create, merge, close/);
    assert.match(gh?.extraCoverage ?? '', /any arguments and options after "gh pr"/);
    assert.match(gh?.extraCoverage ?? '', /approved so far: "gh pr view", "gh pr list", "gh pr create"/);
    const add = widened.find((c) => c.added[0] === 'Bash(git add *)');
    assert.match(add?.extraCoverage ?? '', /staging any path, ignored files too with --force/);
  });
});
