// Types for versions.mjs.
export type CodeServerRole = 'minimum' | 'current';
export interface CodeServerSpec {
  role: CodeServerRole;
  /** code-server's npm version. */
  codeServer: string;
  /** The VS Code version it carries. */
  vscode: string;
  /** The Node it runs on (node-<os>-<arch> from npm). */
  node: string;
  /** Native modules in lib/vscode built at install time. */
  rebuild: string[];
  /** Native modules in lib/vscode that ship Linux binaries. */
  prebuilt: string[];
  copyRipgrep: boolean;
  asarLink: boolean;
  /** Server arguments that make the workbench honour extensionDevelopmentPath/extensionTestsPath. */
  developmentArgs: string[];
}
export declare const CODE_SERVERS: Record<CodeServerRole, CodeServerSpec>;
export declare const ROLES: readonly CodeServerRole[];
