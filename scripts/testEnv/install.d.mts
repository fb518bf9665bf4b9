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
export interface TestEnv {
  codeServerEntry: string;
  codeServerDir: string;
  chromium: string;
  installSeconds: number;
}
export declare function ensureTestEnv(): Promise<TestEnv>;
