// The Markdown report of a plan: counts, per-file changes with reasons and extra coverage,
// findings, skipped files, and rules with backticks kept readable.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findingCounts, mdCode, renderPermissionReport } from '../../../../src/server/permissions/permissionReport';

describe('renderPermissionReport', () => {
  test('lists files, changes, extra coverage, findings and skipped files', () => {
    const md = renderPermissionReport({
      createdAt: Date.UTC(2026, 0, 1),
      generalize: true,
      folders: [
        {
          folder: '/w',
          before: 5,
          after: 2,
          findings: [{ kind: 'crossScope', severity: 'info', message: 'same rule in 2 scopes', rule: 'Bash(ls)', files: ['/a', '/b'] }],
        },
      ],
      files: [
        {
          ok: true,
          folder: '/w',
          path: '/w/.claude/settings.local.json',
          agent: 'claude',
          scope: 'local',
          reportOnly: false,
          changed: true,
          before: 5,
          after: 2,
          originalText: '',
          newText: '',
          findings: [{ kind: 'credential', severity: 'error', message: 'a token', rule: 'Bash(curl -H "x: abc")' }],
          changes: [
            {
              tier: 'exact',
              kind: 'duplicate',
              list: 'allow',
              removed: ['Bash(ls)'],
              added: [],
              reason: 'exact duplicate',
              coveredBy: 'Bash(ls)',
            },
            {
              tier: 'generalize',
              kind: 'mergeSubcommands',
              list: 'allow',
              removed: ['Bash(git add a)', 'Bash(git commit -m x)'],
              added: ['Bash(git *)'],
              reason: 'merged',
              extraCoverage: 'any git subcommand',
            },
          ],
        },
        { ok: false, folder: '/w', path: '/w/.claude/settings.json', scope: 'project', error: 'bad JSON | at line 2' },
      ],
    });
    assert.match(md, /2 file\(s\), rules 5 → 2, 2 finding\(s\)/);
    assert.match(md, /🔓 allow: `Bash\(git add a\)`, `Bash\(git commit -m x\)` → `Bash\(git \*\)`/);
    assert.match(md, /also allows:\*\* any git subcommand/);
    assert.match(md, /⛔ \*\*credential\*\*/);
    assert.match(md, /Across scopes in `\/w`/);
    assert.match(md, /Skipped, nothing will be written: bad JSON/);
    assert.match(md, /\| skipped \| bad JSON \\\| at line 2 \|/);
  });

  test('an empty plan says no files were found', () => {
    assert.match(renderPermissionReport({ createdAt: 0, generalize: false, folders: [], files: [] }), /No permission files were found/);
  });

  test('mdCode survives backticks and newlines', () => {
    assert.equal(mdCode('Bash(echo `x`)'), '``Bash(echo `x`)``');
    assert.equal(mdCode('`a'), '`` `a ``');
    assert.equal(mdCode('a\nb'), '`a⏎b`');
  });

  test('findingCounts adds file and folder findings', () => {
    assert.deepEqual(
      findingCounts({
        folders: [{ folder: '/', before: 0, after: 0, findings: [{ kind: 'x', severity: 'warning', message: '' }] }],
        files: [],
      }),
      { total: 1, errors: 0, warnings: 1 },
    );
  });
});
