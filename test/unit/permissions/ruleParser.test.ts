// Every documented rule form parses to the right form, and odd rules are kept and flagged.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRule } from '../../../src/core/permissions/ruleParser';

describe('parseRule: forms', () => {
  const cases: [string, string][] = [
    ['Bash', 'toolWide'],
    ['Bash(*)', 'toolWide'],
    ['WebSearch', 'toolWide'],
    ['Bash(npm run build)', 'command'],
    ['Bash(npm *)', 'command'],
    ['Bash(git:*)', 'command'],
    ['Bash(* install)', 'command'],
    ['PowerShell(Get-ChildItem *)', 'command'],
    ['Skill(pr-selfcheck *)', 'command'],
    ['Read(//tmp/**)', 'path'],
    ['Read(~/.ssh/**)', 'path'],
    ['Edit(/src/**)', 'path'],
    ['Edit(src/**)', 'path'],
    ['Read(./x)', 'path'],
    ['WebFetch(domain:example.com)', 'domain'],
    ['mcp__github', 'mcp'],
    ['mcp__github__get_issue', 'mcp'],
    ['mcp__idea__get_*', 'mcp'],
    ['mcp__*', 'toolGlob'],
    ['*', 'toolGlob'],
    ['Agent(model:opus)', 'param'],
    ['Bash(run_in_background:true)', 'param'],
    ['Agent(Explore)', 'named'],
    ['Cd(/tmp)', 'named'],
    ['Fetch(*)', 'unparsed'],
    ['Web Search(*)', 'unparsed'],
    ['mcp__x(y)', 'unparsed'],
    ['Bash(unclosed', 'unparsed'],
    ['WebFetch(https://x.y)', 'unparsed'],
  ];
  for (const [raw, kind] of cases) {
    test(`${raw} -> ${kind}`, () => {
      const r = parseRule(raw, 'allow');
      assert.equal(r.form.kind, kind);
      assert.equal(r.raw, raw, 'raw text kept verbatim');
    });
  }
});

describe('parseRule: specifics', () => {
  test('legacy :* is read as a trailing " *" only at the end', () => {
    const r = parseRule('Bash(ls:*)');
    assert.ok(r.form.kind === 'command' && r.form.pattern.normalized === 'ls *' && r.form.pattern.prefixOnly);
    assert.ok(r.flags.includes('legacyColonStar'));
    const mid = parseRule('Bash(git:* push)');
    assert.ok(mid.flags.includes('colonStarInMiddle'));
  });
  test('the four path anchors', () => {
    const anchor = (raw: string): string => {
      const r = parseRule(raw);
      return r.form.kind === 'path' ? `${r.form.anchor}:${r.form.pattern}` : r.form.kind;
    };
    assert.equal(anchor('Read(//Users/a/x)'), 'absolute:/Users/a/x');
    assert.equal(anchor('Read(~/x/**)'), 'home:/x/**');
    assert.equal(anchor('Read(/x/**)'), 'source:/x/**');
    assert.equal(anchor('Read(./x)'), 'relative:x');
    assert.equal(anchor('Read(.env)'), 'relative:.env');
  });
  test('MCP server and tool', () => {
    const r = parseRule('mcp__claude_ai_GitHub_MCP_Server__*');
    assert.ok(r.form.kind === 'mcp' && r.form.server === 'claude_ai_GitHub_MCP_Server' && r.form.tool === undefined);
    const t = parseRule('mcp__mcp-obsidian__obsidian_list_files_in_vault');
    assert.ok(t.form.kind === 'mcp' && t.form.server === 'mcp-obsidian' && t.form.tool === 'obsidian_list_files_in_vault');
  });
  test('flags: fragments, operators, never-consulted, open quotes, star before subcommand, PowerShell as Bash', () => {
    const flags = (raw: string): string[] => parseRule(raw, 'allow').flags;
    for (const raw of [
      'Bash(do)',
      'Bash(done)',
      'Bash(fi)',
      'Bash(then break)',
      'Bash(while read line)',
      'Bash(for f in a b)',
      'Bash(# comment ls)',
    ]) {
      assert.ok(flags(raw).includes('shellFragment'), raw);
    }
    assert.ok(flags('Bash(cd x && npm test)').includes('unquotedOperator'));
    assert.ok(flags('Bash(ls | wc -l)').includes('unquotedOperator'));
    assert.ok(!flags('Bash(echo "a && b")').includes('unquotedOperator'));
    assert.ok(!flags('Bash(echo $(date))').includes('unquotedOperator'));
    assert.ok(flags('Write(//tmp/**)').includes('neverConsulted'));
    assert.ok(flags('Bash(python -c ":*)').includes('unclosedQuote'));
    assert.ok(flags('Bash(git * main)').includes('starBeforeSubcommand'));
    assert.ok(!flags('Bash(git push *)').includes('starBeforeSubcommand'));
    assert.ok(flags('Bash(Select-Object Name)').includes('powershellAsBash'));
    assert.ok(flags('Fetch(*)').includes('nonCanonicalTool'));
    assert.ok(flags('mcp__*').includes('toolGlobInAllow'));
    assert.ok(flags('Agent(model:opus)').includes('paramRuleInAllow'));
    assert.ok(flags('Frobnicate').includes('unknownTool'));
  });
  test('escaped parentheses written by "don\'t ask again" are literal', () => {
    const r = parseRule('Bash(python -c "print\\(\'OK\'\\)")');
    assert.ok(r.form.kind === 'command' && r.form.pattern.normalized === 'python -c "print(\'OK\')"');
  });
});
