// Codex CLI policy files, read and reported only (PERMISSIONS-REFERENCE 1.8): Starlark `.rules`
// files with `prefix_rule(pattern=[…], decision=…)` and `config.toml` approval/sandbox settings.
import type { Finding } from './consolidationTypes';
import { credentialsIn, maskFinding } from './credentials';

export type CodexDecision = 'allow' | 'prompt' | 'forbidden';

export interface CodexRule {
  /** Argv prefix; an inner array is a set of alternatives for that position. */
  pattern: (string | string[])[];
  decision: CodexDecision | string;
  justification?: string;
  line: number;
}

export interface CodexReport {
  kind: 'rules' | 'config';
  rules: CodexRule[];
  settings: Record<string, string>;
  findings: Finding[];
}

type Tok = { t: 'str'; v: string } | { t: 'p'; v: string } | { t: 'id'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = src.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      let j = i + q.length;
      let v = '';
      while (j < src.length && !src.startsWith(q, j)) {
        if (src[j] === '\\') {
          v += src[j + 1] ?? '';
          j += 2;
          continue;
        }
        v += src[j];
        j++;
      }
      out.push({ t: 'str', v });
      i = j + q.length;
      continue;
    }
    if ('[](),=:'.includes(c)) {
      out.push({ t: 'p', v: c });
      i++;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i, i + 100));
    if (m) {
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
      continue;
    }
    i++;
  }
  return out;
}

/** Parses the `prefix_rule(...)` calls of a Codex `.rules` / `.codexpolicy` file. Never throws. */
export function parseCodexRules(text: string): CodexReport {
  const rules: CodexRule[] = [];
  const findings: Finding[] = [];
  const re = /\bprefix_rule\s*\(/g;
  // Line numbers are counted as the scan goes, and a rule's body is never scanned twice: a file of
  // many (or unclosed) calls stays linear.
  let line = 1;
  let counted = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (rules.length >= CODEX_MAX_RULES) {
      findings.push({
        kind: 'limit',
        severity: 'warning',
        message: `more than ${CODEX_MAX_RULES} prefix_rule calls; the rest of the file (from line ${line}) was not read`,
      });
      break;
    }
    for (let k = text.indexOf('\n', counted); k >= 0 && k < m.index; k = text.indexOf('\n', k + 1)) line++;
    counted = m.index;
    let depth = 1;
    let j = m.index + m[0].length;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')') depth--;
    }
    re.lastIndex = Math.max(re.lastIndex, j);
    const toks = tokenize(text.slice(m.index + m[0].length, j - 1));
    const rule: CodexRule = { pattern: [], decision: 'allow', line };
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      if (t?.t !== 'id' || toks[k + 1]?.v !== '=') continue;
      const val = toks[k + 2];
      if (t.v === 'pattern' && val?.v === '[') {
        let q = k + 3;
        let inner: string[] | undefined;
        for (; q < toks.length && !(toks[q]?.v === ']' && inner === undefined); q++) {
          const x = toks[q];
          if (x?.t === 'p' && x.v === '[') inner = [];
          else if (x?.t === 'p' && x.v === ']') {
            if (inner) rule.pattern.push(inner);
            inner = undefined;
          } else if (x?.t === 'str') {
            if (inner) inner.push(x.v);
            else rule.pattern.push(x.v);
          }
        }
      } else if (t.v === 'decision' && val?.t === 'str') rule.decision = val.v;
      else if (t.v === 'justification' && val?.t === 'str') rule.justification = val.v;
    }
    if (rule.pattern.length === 0) {
      findings.push({ kind: 'unparsed', severity: 'warning', message: `prefix_rule at line ${line} has no pattern I could read` });
    }
    if (!['allow', 'prompt', 'forbidden'].includes(rule.decision)) {
      findings.push({
        kind: 'unparsed',
        severity: 'warning',
        message: `prefix_rule at line ${line} has an unknown decision "${rule.decision}"`,
      });
    }
    rules.push(rule);
  }
  findings.push(...codexRuleFindings(rules));
  return { kind: 'rules', rules, settings: {}, findings };
}

function patternText(p: (string | string[])[]): string {
  return p.map((x) => (Array.isArray(x) ? `{${x.join('|')}}` : x)).join(' ');
}

/** At most this many rules are read from one Codex file. */
const CODEX_MAX_RULES = 20_000;

function codexRuleFindings(rules: CodexRule[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Map<string, CodexRule>();
  for (const r of rules) {
    const key = patternText(r.pattern);
    const prev = seen.get(key);
    if (prev) {
      out.push(
        prev.decision === r.decision
          ? { kind: 'deadRule', severity: 'info', rule: key, message: `prefix_rule at line ${r.line} repeats line ${prev.line}` }
          : {
              kind: 'conflict',
              severity: 'warning',
              rule: key,
              message: `lines ${prev.line} and ${r.line} give "${key}" different decisions; the most restrictive wins`,
            },
      );
    } else seen.set(key, r);
    for (const c of credentialsIn(key))
      out.push({
        kind: 'credential',
        severity: 'error',
        rule: key,
        message: `prefix_rule at line ${r.line} carries a credential (${c.kind}: ${c.preview})`,
      });
  }
  const flat = rules.filter((r) => r.pattern.every((x) => typeof x === 'string'));
  // A shorter pattern with the same decision that is a prefix of this one, looked up prefix by prefix.
  const byPrefix = new Map<string, CodexRule>();
  for (const b of flat) {
    const k = `${b.decision}\0${JSON.stringify(b.pattern)}`;
    if (!byPrefix.has(k)) byPrefix.set(k, b);
  }
  for (const a of flat) {
    let cover: CodexRule | undefined;
    for (let n = 1; n < a.pattern.length && cover === undefined; n++)
      cover = byPrefix.get(`${a.decision}\0${JSON.stringify(a.pattern.slice(0, n))}`);
    if (cover)
      out.push({
        kind: 'deadRule',
        severity: 'info',
        rule: patternText(a.pattern),
        message: `prefix_rule at line ${a.line} is covered by line ${cover.line} (${patternText(cover.pattern)}), same decision`,
      });
  }
  const byDecision = new Map<string, number>();
  for (const r of rules) byDecision.set(r.decision, (byDecision.get(r.decision) ?? 0) + 1);
  if (rules.length > 0) {
    out.push({
      kind: 'report',
      severity: 'info',
      message: `${rules.length} prefix rules (${[...byDecision].map(([d, n]) => `${n} ${d}`).join(', ')}); reported only, Codex files are not rewritten`,
    });
  }
  return out.map(maskFinding);
}

/** Reads `approval_policy` and `sandbox_mode` (top level and profiles) from a Codex config.toml. */
export function parseCodexConfig(text: string): CodexReport {
  const settings: Record<string, string> = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const sec = /^\[([^\]]+)\]$/.exec(line);
    if (sec) {
      section = sec[1] ?? '';
      continue;
    }
    const kv = /^(approval_policy|sandbox_mode)\s*=\s*["']?([^"']+)["']?$/.exec(line);
    if (kv) settings[section ? `${section}.${kv[1] ?? ''}` : (kv[1] ?? '')] = kv[2] ?? '';
  }
  const findings: Finding[] = [];
  for (const [k, v] of Object.entries(settings)) {
    const risky = v === 'never' || v === 'danger-full-access';
    findings.push({
      kind: 'report',
      severity: risky ? 'warning' : 'info',
      message: `${k} = "${v}"${risky ? ' (commands run without approval or sandbox)' : ''}`,
    });
  }
  return { kind: 'config', rules: [], settings, findings };
}
