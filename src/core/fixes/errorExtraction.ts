// Finds compiler, linter and test-runner errors in raw tool output (what an agent's command
// printed): tsc, ESLint, rustc/cargo, go build/vet, mypy, pyright, Python tracebacks, pytest and
// Node stack traces. Each hit becomes an ErrorInput ready to be signed.
import type { ErrorInput } from './signature';

export interface ExtractedError extends ErrorInput {
  readonly message: string;
  readonly line?: number;
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const TSC = /^(.+?\.[cm]?[jt]sx?)(?:\((\d+),(\d+)\)|:(\d+):(\d+)) ?[:-] error (TS\d+): (.+)$/;
const RUSTC = /^error(?:\[(E\d{4})\])?: (.+)$/;
const RUST_LOCATION = /^\s*--> (.+?):(\d+):(\d+)/;
const GO = /^(?:(vet): )?(?:\.\/)?(\S+?\.go):(\d+):(?:(\d+):)? (.+)$/;
const MYPY = /^(.+?\.pyi?):(\d+):(?:\d+:)? error: (.+?)(?:\s+\[([\w-]+)\])?$/;
const PYRIGHT = /^\s*(.+?\.pyi?):(\d+):(\d+) - error: (.+?)(?: \((report\w+)\))?$/;
const PY_FRAME = /^\s*File "(.+?)", line (\d+)/;
const PY_EXCEPTION = /^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Interrupt|Exit|Iteration))(?:: (.*))?$/;
const PYTEST_E = /^E\s+([A-Za-z_][\w.]*(?:Error|Exception)): (.+)$/;
const PYTEST_FAILED = /^FAILED (\S+?\.py)::\S+ - ([A-Za-z_][\w.]*(?:Error|Exception)): (.+)$/;
const ESLINT_FILE = /^(?:[A-Za-z]:\\|\/|\.{0,2}\/?)\S*\.(?:[cm]?[jt]sx?|vue|svelte)$/;
const ESLINT_ROW = /^\s+(\d+):(\d+)\s+error\s+(.+?)\s{2,}(@?[\w/-]+)$/;
const ESLINT_UNIX = /^(.+?\.(?:[cm]?[jt]sx?|vue|svelte)):(\d+):(\d+): (.+?) \[Error\/(@?[\w/-]+)\]$/;
const NODE_ERROR = /^(?:Uncaught )?([A-Z]\w*Error(?: \[\w+\])?): (.+)$/;
const NODE_FRAME = /^\s+at .+[:(]\S+:\d+:\d+\)?$/;

/** Every recognizable error in `text`, in order, without duplicates (same message, file and line). */
export function extractErrors(text: string): ExtractedError[] {
  const lines = text.replace(ANSI, '').split(/\r?\n/);
  const found: ExtractedError[] = [];
  let eslintFile: string | undefined;
  let pyFrame: { file: string; line: number } | undefined;
  let inTraceback = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    let m: RegExpExecArray | null;
    if (/^Traceback \(most recent call last\)/.test(line)) {
      inTraceback = true;
      pyFrame = undefined;
      continue;
    }
    if (inTraceback) {
      if ((m = PY_FRAME.exec(line))) {
        pyFrame = { file: m[1] ?? '', line: Number(m[2]) };
        continue;
      }
      if ((m = PY_EXCEPTION.exec(line.trim())) && !/^\s/.test(line)) {
        inTraceback = false;
        found.push({
          message: m[2] ? `${m[1]}: ${m[2]}` : (m[1] ?? ''),
          source: 'python',
          languageId: 'python',
          ...(pyFrame ? { file: pyFrame.file, line: pyFrame.line } : {}),
        });
      }
      continue;
    }
    if ((m = TSC.exec(line))) {
      found.push({ message: m[7] ?? '', source: 'ts', code: m[6], file: m[1], line: Number(m[2] ?? m[4]) });
    } else if ((m = RUSTC.exec(line))) {
      const loc = [lines[i + 1], lines[i + 2], lines[i + 3]].map((l) => RUST_LOCATION.exec(l ?? '')).find((x) => x !== null);
      if (loc || m[1])
        found.push({
          message: m[2] ?? '',
          source: 'rustc',
          languageId: 'rust',
          ...(m[1] ? { code: m[1] } : {}),
          ...(loc ? { file: loc[1], line: Number(loc[2]) } : {}),
        });
    } else if ((m = MYPY.exec(line))) {
      found.push({
        message: m[3] ?? '',
        source: 'mypy',
        languageId: 'python',
        ...(m[4] ? { code: m[4] } : {}),
        file: m[1],
        line: Number(m[2]),
      });
    } else if ((m = PYRIGHT.exec(line))) {
      found.push({
        message: m[4] ?? '',
        source: 'pyright',
        languageId: 'python',
        ...(m[5] ? { code: m[5] } : {}),
        file: m[1],
        line: Number(m[2]),
      });
    } else if ((m = GO.exec(line))) {
      found.push({ message: m[5] ?? '', source: m[1] ? 'vet' : 'go', languageId: 'go', file: m[2], line: Number(m[3]) });
    } else if ((m = PYTEST_FAILED.exec(line))) {
      found.push({ message: `${m[2]}: ${m[3]}`, source: 'pytest', languageId: 'python', file: m[1] });
    } else if ((m = PYTEST_E.exec(line))) {
      found.push({ message: `${m[1]}: ${m[2]}`, source: 'pytest', languageId: 'python' });
    } else if ((m = ESLINT_UNIX.exec(line))) {
      found.push({ message: m[4] ?? '', source: 'eslint', code: m[5], file: m[1], line: Number(m[2]) });
    } else if (ESLINT_FILE.test(line.trim()) && !/\s/.test(line.trim())) {
      eslintFile = line.trim();
    } else if (eslintFile && (m = ESLINT_ROW.exec(line))) {
      found.push({ message: m[3] ?? '', source: 'eslint', code: m[4], file: eslintFile, line: Number(m[1]) });
    } else if ((m = NODE_ERROR.exec(line)) && NODE_FRAME.test(lines[i + 1] ?? '')) {
      found.push({ message: `${m[1]}: ${m[2]}`, source: 'node', languageId: 'javascript' });
    }
  }
  return dedupe(found);
}

function dedupe(errors: readonly ExtractedError[]): ExtractedError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.message}\u0000${e.file ?? ''}\u0000${e.line ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
