// The matcher under the documented semantics: each rule form decides its probe calls.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../../src/core/permissions/matcher';
import type { Decision, RuleLists, ToolCall } from '../../../src/core/permissions/types';
import { bash, lists } from '../../support/permissions/helpers';

function expectDecisions(rules: Partial<RuleLists<string>>, cases: [ToolCall, Decision][]): void {
  const set = lists(rules);
  for (const [call, want] of cases) assert.equal(decide(set, call), want, JSON.stringify(call));
}

describe('Bash rules', () => {
  test('exact match only matches the same command', () => {
    expectDecisions({ allow: ['Bash(npm run build)'] }, [
      [bash('npm run build'), 'allow'],
      [bash('npm run build --watch'), 'none'],
    ]);
  });
  test('trailing " *" keeps a word boundary and matches the bare command', () => {
    expectDecisions({ allow: ['Bash(ls *)'] }, [
      [bash('ls'), 'allow'],
      [bash('ls -la'), 'allow'],
      [bash('lsof'), 'none'],
    ]);
    expectDecisions({ allow: ['Bash(ls*)'] }, [[bash('lsof'), 'allow']]);
  });
  test('legacy :* equals " *"', () => {
    expectDecisions({ allow: ['Bash(git add:*)'] }, [
      [bash('git add .'), 'allow'],
      [bash('git add'), 'allow'],
      [bash('git addx'), 'none'],
    ]);
  });
  test('* anywhere; a trailing " *" with another * needs the space', () => {
    expectDecisions({ allow: ['Bash(git * main)', 'Bash(* --help *)'] }, [
      [bash('git push origin main'), 'allow'],
      [bash('git -c x=y diff main'), 'allow'],
      [bash('git push origin dev'), 'none'],
      [bash('npm --help'), 'none'],
      [bash('npm --help run'), 'allow'],
    ]);
  });
  test('deny, then ask, then allow; specificity does not matter', () => {
    expectDecisions({ allow: ['Bash(aws s3 ls)', 'Bash(git *)'], deny: ['Bash(aws *)'], ask: ['Bash(git push *)'] }, [
      [bash('aws s3 ls'), 'deny'],
      [bash('git push origin'), 'ask'],
      [bash('git status'), 'allow'],
    ]);
  });
  test('compound commands: allow needs every part, deny/ask any part (also inside $() and loops)', () => {
    expectDecisions({ allow: ['Bash(safe *)', 'Bash(echo *)'], deny: ['Bash(rm *)'] }, [
      [bash('safe a && safe b'), 'allow'],
      [bash('safe a && other'), 'none'],
      [bash('safe a; rm -rf x'), 'deny'],
      [bash('echo $(rm -rf /)'), 'deny'],
      [bash('for f in a b; do rm $f; done'), 'deny'],
      [bash('safe x | echo y'), 'allow'],
      [bash('safe x &&'), 'none'],
      [bash('echo "a && rm b"'), 'allow'],
    ]);
  });
  test('wrappers and safe environment assignments are stripped; deny strips any assignment', () => {
    expectDecisions({ allow: ['Bash(npm test)'], deny: ['Bash(rm *)'] }, [
      [bash('timeout 30 npm test'), 'allow'],
      [bash('nice -n 5 npm test'), 'allow'],
      [bash('nohup npm test'), 'allow'],
      [bash('NODE_ENV=test npm test'), 'allow'],
      [bash('SECRET=1 npm test'), 'none'],
      [bash('FOO=1 rm -rf x'), 'deny'],
      [bash('npx npm test'), 'none'],
    ]);
  });
  test('exec wrappers are approved only by exact rules', () => {
    expectDecisions({ allow: ['Bash(watch *)', 'Bash(find *)', 'Bash(watch date)'] }, [
      [bash('watch ls'), 'none'],
      [bash('watch date'), 'allow'],
      [bash('find . -name x'), 'allow'],
      [bash('find . -delete'), 'none'],
    ]);
  });
  test('bare Bash allows everything', () => {
    expectDecisions({ allow: ['Bash'], deny: ['Bash(rm -rf /*)'] }, [
      [bash('anything && more'), 'allow'],
      [bash('rm -rf /x'), 'deny'],
    ]);
  });
  test('PowerShell is case-insensitive and aliases are canonicalised', () => {
    const ps = (command: string): ToolCall => ({ tool: 'PowerShell', command });
    expectDecisions({ allow: ['PowerShell(Get-ChildItem *)'], deny: ['PowerShell(rm *)'] }, [
      [ps('get-childitem C:\\'), 'allow'],
      [ps('gci .'), 'allow'],
      [ps('ls'), 'allow'],
      [ps('dir x | Remove-Item'), 'deny'],
      [ps('Get-Process; ls'), 'none'],
    ]);
  });
});

describe('Read/Edit path rules', () => {
  const ctx = { cwd: '/proj', home: '/home/me', sourceRoot: '/proj' };
  const d = (rules: Partial<RuleLists<string>>, call: ToolCall): Decision => decide(lists(rules), call, ctx);
  test('four anchors', () => {
    assert.equal(d({ allow: ['Read(//tmp/**)'] }, { tool: 'Read', path: '/tmp/a/b' }), 'allow');
    assert.equal(d({ allow: ['Read(~/.config/**)'] }, { tool: 'Read', path: '/home/me/.config/x' }), 'allow');
    assert.equal(d({ allow: ['Read(/docs/**)'] }, { tool: 'Read', path: '/proj/docs/a.md' }), 'allow');
    assert.equal(d({ allow: ['Read(/Users/a/x)'] }, { tool: 'Read', path: '/Users/a/x' }), 'none');
    assert.equal(d({ allow: ['Read(src/*.ts)'] }, { tool: 'Read', path: '/proj/src/a.ts' }), 'allow');
    assert.equal(d({ allow: ['Read(src/*.ts)'] }, { tool: 'Read', path: '/proj/src/deep/a.ts' }), 'none');
  });
  test('bare file names match at any depth', () => {
    assert.equal(d({ deny: ['Read(.env)'] }, { tool: 'Read', path: '/proj/a/b/.env' }), 'deny');
  });
  test('single-segment dir/**: allow only at cwd, deny at any depth', () => {
    assert.equal(d({ allow: ['Edit(src/**)'] }, { tool: 'Edit', path: '/proj/pkg/src/a.ts' }), 'none');
    assert.equal(d({ allow: ['Edit(src/**)'] }, { tool: 'Edit', path: '/proj/src/a.ts' }), 'allow');
    assert.equal(d({ deny: ['Edit(src/**)'] }, { tool: 'Edit', path: '/proj/pkg/src/a.ts' }), 'deny');
  });
  test('Edit rules govern Write; Write(path) rules are never consulted; a Read deny blocks edits', () => {
    assert.equal(d({ allow: ['Edit(//tmp/**)'] }, { tool: 'Write', path: '/tmp/x' }), 'allow');
    assert.equal(d({ allow: ['Write(//tmp/**)'] }, { tool: 'Write', path: '/tmp/x' }), 'none');
    assert.equal(d({ allow: ['Edit(**)'], deny: ['Read(**/.env)'] }, { tool: 'Edit', path: '/proj/.env' }), 'deny');
  });
  test('Windows paths are normalised, in calls and in rules', () => {
    assert.equal(d({ allow: ['Read(//c/Users/a/**)'] }, { tool: 'Read', path: 'C:\\Users\\a\\x.txt' }), 'allow');
    assert.equal(
      d({ allow: ['Read(c:\\Users\\Jepps\\Downloads/**)'] }, { tool: 'Read', path: 'C:\\Users\\Jepps\\Downloads\\a.pdf' }),
      'allow',
    );
  });
});

describe('WebFetch, MCP, tool globs, params, named', () => {
  test('domains', () => {
    expectDecisions({ allow: ['WebFetch(domain:*.example.com)', 'WebFetch(domain:docs.rs)'] }, [
      [{ tool: 'WebFetch', url: 'https://a.b.example.com/x' }, 'allow'],
      [{ tool: 'WebFetch', url: 'https://example.com/' }, 'none'],
      [{ tool: 'WebFetch', url: 'https://DOCS.RS/x' }, 'allow'],
      [{ tool: 'WebFetch', url: 'not a url' }, 'none'],
    ]);
  });
  test('MCP server, tool and anchored glob; globs in allow are ignored', () => {
    expectDecisions({ allow: ['mcp__github', 'mcp__idea__get_*', 'mcp__*'], deny: ['mcp__github__delete_repo'] }, [
      [{ tool: 'mcp__github__create_issue' }, 'allow'],
      [{ tool: 'mcp__github__delete_repo' }, 'deny'],
      [{ tool: 'mcp__idea__get_file' }, 'allow'],
      [{ tool: 'mcp__idea__run' }, 'none'],
    ]);
    expectDecisions({ deny: ['mcp__*'] }, [
      [{ tool: 'mcp__x__y' }, 'deny'],
      [bash('ls'), 'none'],
    ]);
  });
  test('Tool(param:value) in deny/ask only', () => {
    expectDecisions({ ask: ['Agent(model:opus)'] }, [
      [{ tool: 'Agent', name: 'x', params: { model: 'opus' } }, 'ask'],
      [{ tool: 'Agent', name: 'x', params: { model: 'haiku' } }, 'none'],
    ]);
    expectDecisions({ allow: ['Agent(model:opus)'] }, [[{ tool: 'Agent', name: 'x', params: { model: 'opus' } }, 'none']]);
  });
  test('Skill prefix and Agent names', () => {
    expectDecisions({ allow: ['Skill(pr-selfcheck *)', 'Agent(Explore)'] }, [
      [{ tool: 'Skill', name: 'pr-selfcheck' }, 'allow'],
      [{ tool: 'Skill', name: 'pr-selfcheck now' }, 'allow'],
      [{ tool: 'Agent', name: 'Explore' }, 'allow'],
      [{ tool: 'Task', name: 'Explore' }, 'allow'],
      [{ tool: 'Agent', name: 'Plan' }, 'none'],
    ]);
  });
  test('unparsed rules never match', () => {
    expectDecisions({ allow: ['Fetch(*)', 'Web Search(*)'] }, [
      [{ tool: 'WebFetch', url: 'https://a.b/' }, 'none'],
      [{ tool: 'WebSearch' }, 'none'],
    ]);
  });
});
