// A streaming parser of `git log -z --name-status --format=%x00%x00%H %P%x00%s` output. Every
// field ends with a NUL byte, so file names with spaces, quotes, newlines or bytes that are not
// UTF-8 cannot shift the fields; a record starts with two empty fields and a line of hashes, so a
// garbled record costs that record only. Chunks are split at NUL bytes before any decoding, and
// memory is what one unfinished field holds.

/** One file of a commit: its status letter (A, M, D, R, C, T …), path, and for a rename or copy the old path. */
export interface GitFileChange {
  readonly status: string;
  readonly path: string;
  readonly from?: string;
}

export interface GitLogCommit {
  readonly hash: string;
  /** Number of parents (2 or more for a merge). */
  readonly parents: number;
  readonly subject: string;
  readonly changes: readonly GitFileChange[];
}

/** The `--format` this parser reads (pass it to git exactly so). */
export const GIT_LOG_FORMAT = '--format=%x00%x00%H %P%x00%s';

/** A longer field (a path, a subject) is cut: nothing real is that long, and memory stays bounded. */
const MAX_FIELD_BYTES = 64 * 1024;
/** Files kept per commit (a vendored tree added at once is not worth more). */
const MAX_CHANGES = 1_000;

const HEADER = /^[0-9a-f]{7,64}(?: [0-9a-f]{7,64})*$/;
const STATUS = /^[A-Z][0-9]{0,3}$/;

const enum State {
  /** Before the first record, or in a record's file list. */
  Files,
  /** Just read the header: the subject comes next. */
  Subject,
}

export class GitLogParser {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private empties = 0;
  private state = State.Files;
  private current: { hash: string; parents: number; subject: string; changes: GitFileChange[] } | undefined;
  /** A status read, waiting for its path(s). */
  private status: string | undefined;
  private from: string | undefined;

  /** Feeds a chunk of git's output; returns the commits completed by it. */
  push(chunk: Buffer): GitLogCommit[] {
    const out: GitLogCommit[] = [];
    let start = 0;
    for (;;) {
      const nul = chunk.indexOf(0, start);
      if (nul < 0) break;
      this.field(this.take(chunk.subarray(start, nul)), out);
      start = nul + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
    return out;
  }

  /** The end of the output: the last commit (and an unterminated last field) are finished. */
  end(): GitLogCommit[] {
    const out: GitLogCommit[] = [];
    if (this.pendingBytes > 0) this.field(this.take(Buffer.alloc(0)), out);
    this.finish(out);
    return out;
  }

  private keep(part: Buffer): void {
    if (this.pendingBytes >= MAX_FIELD_BYTES) return;
    const room = MAX_FIELD_BYTES - this.pendingBytes;
    const kept = part.length > room ? part.subarray(0, room) : part;
    this.pending.push(Buffer.from(kept));
    this.pendingBytes += kept.length;
  }

  private take(last: Buffer): string {
    if (this.pendingBytes === 0) return this.decoder.decode(last.length > MAX_FIELD_BYTES ? last.subarray(0, MAX_FIELD_BYTES) : last);
    this.keep(last);
    const all = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return this.decoder.decode(all);
  }

  private field(raw: string, out: GitLogCommit[]): void {
    if (raw.length === 0) {
      this.empties++;
      return;
    }
    const empties = this.empties;
    this.empties = 0;
    // A root commit has no parents: its header ends with the space before them.
    const header = raw.endsWith(' ') ? raw.slice(0, -1) : raw;
    if (empties >= 2 && HEADER.test(header)) {
      this.finish(out);
      const [hash = '', ...parents] = header.split(' ');
      this.current = { hash, parents: parents.length, subject: '', changes: [] };
      this.state = State.Subject;
      return;
    }
    const c = this.current;
    if (c === undefined) return; // garbage before the first record
    if (this.state === State.Subject) {
      // An empty subject shows as one empty field before the file list.
      if (empties === 0) {
        c.subject = raw;
        this.state = State.Files;
        return;
      }
      this.state = State.Files;
    }
    const token = raw.charCodeAt(0) === 10 ? raw.slice(1) : raw; // the file list starts on a new line
    if (this.status === undefined) {
      if (STATUS.test(token)) this.status = token;
      return; // not a status: skipped until one comes
    }
    const letter = this.status.charAt(0);
    if ((letter === 'R' || letter === 'C') && this.from === undefined) {
      this.from = token;
      return;
    }
    if (c.changes.length < MAX_CHANGES) {
      c.changes.push(this.from === undefined ? { status: letter, path: token } : { status: letter, path: token, from: this.from });
    }
    this.status = undefined;
    this.from = undefined;
  }

  private finish(out: GitLogCommit[]): void {
    const c = this.current;
    if (c !== undefined) out.push(c);
    this.current = undefined;
    this.status = undefined;
    this.from = undefined;
    this.state = State.Files;
  }
}

/**
 * Commits newest first (as git prints them) → oldest first with each file under the name it has
 * now: a file renamed later is counted under its new name in the commits before the rename, and a
 * file deleted since (and not added back) is left out.
 */
export function currentNames(newestFirst: readonly GitLogCommit[]): { hash: string; text: string; files: string[] }[] {
  const renamedTo = new Map<string, string>();
  /** Paths whose newest change is known: true when it still exists. */
  const exists = new Map<string, boolean>();
  const now = (p: string): string => renamedTo.get(p) ?? p;
  const out: { hash: string; text: string; files: string[] }[] = [];
  for (const c of newestFirst) {
    const files: string[] = [];
    for (const ch of c.changes) {
      const path = now(ch.path);
      if (!exists.has(path)) exists.set(path, ch.status !== 'D');
      if (exists.get(path) === true && !files.includes(path)) files.push(path);
      if (ch.status === 'R' && ch.from !== undefined && ch.from !== ch.path) {
        renamedTo.set(ch.from, path);
        // The old name was moved away here: older commits' changes to it are changes to `path`.
        exists.set(ch.from, false);
      }
    }
    out.push({ hash: c.hash, text: c.subject, files });
  }
  return out.reverse();
}
