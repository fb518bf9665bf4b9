// Types for install.mjs, so the TypeScript launchers can call it.
export declare const CODE_SERVER_VERSION: string;
export declare class InstallError extends Error {}
export interface TestEnvPaths {
  cacheRoot: string;
  dir: string;
  pkg: string;
  marker: string;
  log: string;
  entry: string;
}
export declare function testEnvPaths(): TestEnvPaths;
export interface CodeServerEnv {
  codeServerEntry: string;
  codeServerDir: string;
  installSeconds: number;
}
/** code-server alone: what `npm start` needs. */
export declare function ensureCodeServer(): Promise<CodeServerEnv>;
export interface TestEnv {
  codeServerEntry: string;
  codeServerDir: string;
  chromium: string;
  installSeconds: number;
}
/** code-server and Chromium: what the host and e2e test layers need. */
export declare function ensureTestEnv(): Promise<TestEnv>;
