// What a widened rule newly allows, in words: the "extra coverage" of each generalization. Every
// widening says that any arguments and options may follow its prefix; for common programs a note
// names what that means in practice (the subcommands that come with `gh pr *`, the options that
// come with `git commit *`), so the person approving it sees the cost, not only the saving.
import { normalizedWords } from './riskPolicy';

/** Notes by the exact prefix of the widened rule (normalized words joined by a space). */
const NOTES: Readonly<Record<string, string>> = {
  git: 'every git subcommand',
  'git add': 'staging any path, ignored files too with --force',
  'git commit': 'commits with any message and options, --amend and --no-verify (skips the hooks) included',
  'git stash': 'every stash subcommand, drop and clear included',
  'git checkout': 'switching to any branch or commit, and checking out files over local changes',
  'git switch': 'switching to any branch, creating and discarding changes with -C or --discard-changes',
  'git tag': 'creating, moving (-f) and deleting (-d) tags',
  'git branch': 'creating, renaming and deleting branches',
  'git merge': 'merging any branch',
  'git cherry-pick': 'applying any commit',
  'git fetch': 'fetching from any remote',
  'git pull': 'pulling from any remote and branch',
  'npm run': 'every script in package.json, with any arguments',
  'npm test': 'the test script with any arguments',
  'npm start': 'the start script with any arguments',
  'pnpm run': 'every script in package.json, with any arguments',
  'yarn run': 'every script in package.json, with any arguments',
  pytest: 'any test selection and pytest option, plugins loaded with -p included',
  'python -m pytest': 'any test selection and pytest option, plugins loaded with -p included',
  'python3 -m pytest': 'any test selection and pytest option, plugins loaded with -p included',
  mkdir: 'creating directories anywhere the user can write',
  touch: 'creating or touching files anywhere the user can write',
  gh: 'every gh command, on any repository',
  'gh pr': 'every gh pr subcommand: create, merge, close, comment, edit, review',
  'gh issue': 'every gh issue subcommand: create, close, delete, edit, comment',
  'gh run': 'every gh run subcommand: rerun, cancel, delete, download',
  'gh repo': 'every gh repo subcommand: create, fork, clone, edit',
  curl: 'requests to any URL with any method and options, uploads of local files (-d @file, -T) included',
  lsof: 'listing the open files and network connections of any process',
  docker: 'every docker command',
  cargo: 'every cargo command, with build scripts',
  'cargo test': 'any test selection and cargo option',
  'cargo build': 'builds with any options and features',
  'go test': 'any package and test selection',
  'go build': 'builds of any package, with any output path (-o)',
  tsc: 'type checks and builds with any options, emitting files (--outDir) included',
  'npx tsc': 'type checks and builds with any options, emitting files (--outDir) included',
  eslint: 'linting any files, with --fix rewriting them',
  'npx eslint': 'linting any files, with --fix rewriting them',
  prettier: 'formatting any files, with --write rewriting them',
  'npx prettier': 'formatting any files, with --write rewriting them',
};

function noteFor(words: string[]): string | undefined {
  return Object.hasOwn(NOTES, words.join(' ')) ? NOTES[words.join(' ')] : undefined;
}

/**
 * The extra coverage of a widened rule `added` (prefix `head`), given some of the commands it
 * replaces: what kind of command it now allows, any argument included, and what that means for
 * the program when it is a common one.
 */
export function extraCoverageFor(added: string, head: string[], examples: string[]): string {
  const prefix = head.join(' ');
  const what = noteFor(normalizedWords(prefix)) ?? `every "${prefix}" command`;
  const shown = examples.slice(0, 3).map((e) => `"${e}"`);
  const approved =
    shown.length > 0 ? `; approved so far: ${shown.join(', ')}${examples.length > 3 ? `, and ${examples.length - 3} more` : ''}` : '';
  return `${added} also allows ${what} (any arguments and options after "${prefix}", paths outside the project included)${approved}`;
}
