// Types for install.mjs, so the TypeScript launchers can call it.
export { CODE_SERVERS, ROLES, type CodeServerRole, type CodeServerSpec } from './versions.mjs';
import type { CodeServerRole } from './versions.mjs';
export declare class InstallError extends Error {}
export interface TestEnvPaths {
  cacheRoot: string;
  dir: string;
  pkg: string;
  marker: string;
  log: string;
  entry: string;
  nodeDir: string;
  nodeMarkerPath: string;
  /** The Node binary this code-server runs on. */
  node: string;
}
export declare function testEnvPaths(role?: CodeServerRole, cacheRoot?: string): TestEnvPaths;
/** The marker of a complete code-server install (a test fakes an install with it). */
export declare function codeServerMarker(role: CodeServerRole, cacheRoot?: string): Record<string, unknown>;
/** The marker of a complete Node install. */
export declare function nodeMarker(role: CodeServerRole): Record<string, unknown>;
/** The Node a code-server install runs on (from its marker); throws when the install is incomplete. */
export declare function codeServerNode(entry: string): string;
export interface CodeServerEnv {
  role: CodeServerRole;
  codeServerVersion: string;
  vscodeVersion: string;
  codeServerEntry: string;
  codeServerDir: string;
  node: string;
  /** Server arguments the host suite's development payload needs on this version. */
  developmentArgs: string[];
  installSeconds: number;
}
/** The code-servers for `roles` (default both), installed in parallel when missing. */
export declare function ensureCodeServers(roles?: readonly CodeServerRole[]): Promise<Partial<Record<CodeServerRole, CodeServerEnv>>>;
/** One code-server (default the current one): what `npm start` needs. */
export declare function ensureCodeServer(role?: CodeServerRole): Promise<CodeServerEnv>;
export interface TestEnv {
  codeServers: Partial<Record<CodeServerRole, CodeServerEnv>>;
  /** The current code-server (or the last role asked for). */
  codeServerEntry: string;
  codeServerDir: string;
  node: string;
  chromium: string;
  installSeconds: number;
}
/** code-servers (default: the current one) and Chromium: what the host and e2e test layers need. */
export declare function ensureTestEnv(roles?: readonly CodeServerRole[]): Promise<TestEnv>;
