// Recognition of context-independent tasks: the same mechanical change over many files
// (formatting, license headers, generated docs, per-file tests), which any idle session can do
// and which can fan out.

export interface IndependenceVerdict {
  readonly independent: boolean;
  /** What made it independent, in plain words. */
  readonly why?: string;
}

interface Pattern {
  readonly re: RegExp;
  readonly why: string;
}

const PATTERNS: readonly Pattern[] = [
  { re: /\b(?:run|apply)\b.*\b(?:formatter|prettier|black|gofmt|rustfmt|clang-format)\b/i, why: 'formatting' },
  { re: /\b(?:re)?format(?:ting)?\b.*\b(?:repo(?:sitory)?|codebase|project|all|every|whole)\b/i, why: 'formatting' },
  { re: /\b(?:license|licence|copyright)\b.*\bheaders?\b|\bheaders?\b.*\b(?:every|all|each)\b.*\bfiles?\b/i, why: 'file headers' },
  { re: /\b(?:re)?generat\w*\b.*\b(?:docs?|documentation)\b|\b(?:docs?|documentation)\b.*\bregenerat\w*/i, why: 'generated docs' },
  { re: /\b(?:tests?|specs?)\b.*\b(?:for|in) (?:each|every|all)\b.*\b(?:files?|modules?|components?)\b/i, why: 'per-file tests' },
  { re: /\b(?:each|every|all)\b.*\b(?:files?|modules?)\b.*\b(?:tests?|specs?)\b/i, why: 'per-file tests' },
  { re: /\b(?:lint(?:er)?|eslint)\b.*\b(?:fix|autofix|--fix)\b|\bfix\b.*\blint\b.*\b(?:all|every|repo)/i, why: 'lint fixes' },
  { re: /\b(?:sort|organi[sz]e)\b.*\bimports\b.*\b(?:all|every|repo(?:sitory)?|codebase)\b/i, why: 'import sorting' },
  {
    re: /\b(?:every|each|all) (?:the )?(?:source |test |ts |js )?(?:files?|modules?|packages?|exported (?:functions?|symbols?|classes))\b/i,
    why: 'same change across many files',
  },
  {
    re: /\b(?:across|over|throughout) the (?:whole |entire )?(?:repo(?:sitory)?|codebase|project|workspace)\b|\b(?:whole|entire) (?:repo(?:sitory)?|codebase|project)\b|\beverywhere\b/i,
    why: 'same change across many files',
  },
];

/**
 * Such a task says so in its first sentence: only this much of a text is matched (the patterns'
 * `.*` makes a match cost the length of the line for each word that starts one).
 */
export const MAX_INDEPENDENCE_CHARS = 1_000;

/** Recognizes a context-independent task; `marked` (by hand) overrides recognition. */
export function recognizeIndependent(text: string, marked?: boolean): IndependenceVerdict {
  if (marked === true) return { independent: true, why: 'marked context-independent' };
  if (marked === false) return { independent: false };
  const head = text.length > MAX_INDEPENDENCE_CHARS ? text.slice(0, MAX_INDEPENDENCE_CHARS) : text;
  for (const p of PATTERNS) if (p.re.test(head)) return { independent: true, why: p.why };
  return { independent: false };
}
