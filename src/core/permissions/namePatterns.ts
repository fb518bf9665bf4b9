// Name-like rule forms: WebFetch domains, MCP server/tool names and tool-name globs, with their
// matching and containment (linear-time wildcards, wildcard.ts).
import { WILDCARD_SENTINEL, wildcardMatches } from './wildcard';

/** A domain glob against a host: `*` stays within one label, so both are compared label by label. */
function labelsMatch(pattern: string, host: string): boolean {
  const p = pattern.split('.');
  const h = host.split('.');
  if (p.length !== h.length) return false;
  return p.every((label, i) => wildcardMatches(label, h[i] ?? ''));
}

/** `domain:` matching: case-insensitive; `*.x` = any subdomain of x (not x itself); other `*` within one label. */
export function domainMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p === '*') return true;
  if (p.startsWith('*.')) {
    const rest = p.slice(2);
    if (!rest.includes('*')) return h.endsWith(`.${rest}`);
    const labels = h.split('.');
    const restCount = rest.split('.').length;
    return labels.length > restCount && labelsMatch(rest, labels.slice(-restCount).join('.'));
  }
  return labelsMatch(p, h);
}

/** True when every host `a` matches is matched by `b`. */
export function domainContains(b: string, a: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y || y === '*') return true;
  if (y.startsWith('*.') && !y.slice(2).includes('*')) {
    const rest = y.slice(2);
    return x.endsWith(`.${rest}`); // covers `sub.rest` and `*.sub.rest`
  }
  return !x.includes('*') && domainMatches(y, x);
}

/** The hostname of a URL, or undefined when it does not parse. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/** Splits `mcp__server__tool` into its parts (the server name ends at the next `__`). */
export function splitMcpName(name: string): { server: string; tool: string | undefined } | undefined {
  if (!name.startsWith('mcp__')) return undefined;
  const rest = name.slice(5);
  const idx = rest.indexOf('__');
  if (idx < 0) return { server: rest, tool: undefined };
  const tool = rest.slice(idx + 2);
  return { server: rest.slice(0, idx), tool: tool === '' || tool === '*' ? undefined : tool };
}

/** Does an MCP rule (server, optional tool glob) match the called tool name? */
export function mcpMatches(server: string, toolGlob: string | undefined, calledTool: string): boolean {
  const called = splitMcpName(calledTool);
  if (!called || called.server !== server) return false;
  if (toolGlob === undefined) return true;
  if (called.tool === undefined) return false;
  return toolGlob.includes('*') ? wildcardMatches(toolGlob, called.tool) : toolGlob === called.tool;
}

/** True when MCP rule b covers MCP rule a. */
export function mcpContains(b: { server: string; tool: string | undefined }, a: { server: string; tool: string | undefined }): boolean {
  if (a.server !== b.server) return false;
  if (b.tool === undefined) return true;
  if (a.tool === undefined) return false;
  if (a.tool === b.tool) return true;
  return b.tool.includes('*') && wildcardMatches(b.tool, a.tool.split('*').join(WILDCARD_SENTINEL));
}

/** Tool-name globs such as `*` and `mcp__*`. */
export function toolGlobMatches(glob: string, tool: string): boolean {
  return wildcardMatches(glob, tool);
}
