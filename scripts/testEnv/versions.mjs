// The VS Code versions the extension is tested on, as code-server releases from npm: the minimum
// (the oldest VS Code `engines.vscode` allows that npm carries a code-server for) and the current
// one. Each runs on the Node it was built for, installed from the npm registry (node-<os>-<arch>
// packages) into the test cache, never on the system. A unit test keeps `minimum` in step with
// package.json's engines.vscode and @types/vscode.
//
// developmentArgs: what the server needs to honour the development payload (TESTING.md).
//
// Native modules: each code-server's lib/vscode ships native modules compiled at install time.
// Only those a run of the workbench uses are built (`rebuild`), and each of them must load after
// the install; `prebuilt` modules ship their Linux binaries and are only checked to load. A host
// and e2e run loads spdlog (logs), the watchdog (extension host), @parcel/watcher (file events) and
// argon2 (code-server's auth); node-pty (terminals) and fs-copyfile (file copies) are built because
// a person or a test can reach them in a few clicks. Left unbuilt, which saves most of the compile
// time: SQLite (1.139's agent host, for Copilot sessions: about a minute of compiling), kerberos
// (proxy authentication), deviceid (telemetry, which the tests turn off), cpu-features (SSH
// tunnels) and the Windows-only modules.

export const CODE_SERVERS = {
  minimum: {
    role: 'minimum',
    codeServer: '4.103.2',
    vscode: '1.103.2',
    node: '22.23.5',
    // node-pty 1.1.0 has no Linux prebuild: built here, for the terminals a test may open.
    rebuild: ['@vscode/spdlog', 'native-watchdog', 'node-pty'],
    prebuilt: ['@parcel/watcher'],
    // @vscode/ripgrep downloads rg in its post-install (the internet): Debian's rg is copied instead.
    copyRipgrep: true,
    // code-server 4.103's post-install links node_modules.asar to node_modules (4.139's does not).
    asarLink: true,
    developmentArgs: [],
  },
  current: {
    role: 'current',
    codeServer: '4.139.1',
    vscode: '1.139.1',
    node: '24.22.3',
    rebuild: ['@vscode/spdlog', '@vscode/native-watchdog', '@vscode/fs-copyfile'],
    // @vscode/ripgrep-universal carries rg for every platform.
    prebuilt: ['@parcel/watcher', 'node-pty'],
    copyRipgrep: false,
    asarLink: false,
    // VS Code 1.139 (unlike 1.103) ignores extensionDevelopmentPath/extensionTestsPath in the
    // workbench URL of a built product unless the server runs with --enable-smoke-test-driver, which
    // code-server passes through with --vscode-option (4.103 has no such option). Only the host
    // suite's runs need it: the e2e layer installs the VSIX.
    developmentArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  },
};

/** The roles in the order the host suite runs on them. */
export const ROLES = ['minimum', 'current'];
