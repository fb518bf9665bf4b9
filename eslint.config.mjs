// ESLint flat config: typescript-eslint on all sources, and the layer rules of ARCHITECTURE.md.
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

const lspPackages = [
  'vscode-languageclient',
  'vscode-languageclient/*',
  'vscode-languageserver',
  'vscode-languageserver/*',
  'vscode-languageserver-protocol',
  'vscode-languageserver-textdocument',
  'vscode-jsonrpc',
  'vscode-jsonrpc/*',
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The core is pure domain logic: no VS Code, no LSP.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core must not import vscode (ARCHITECTURE.md).' }],
          patterns: [{ group: lspPackages, message: 'src/core must not import LSP packages (ARCHITECTURE.md).' }],
        },
      ],
    },
  },
  {
    // The protocol is types and method names only, shared by every side.
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/protocol holds types only.' }],
          patterns: [{ group: lspPackages, message: 'src/protocol holds types only.' }],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }],
          patterns: [
            {
              group: ['vscode-languageclient', 'vscode-languageclient/*'],
              message: 'The orchestrator and CLI do not import the client side.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode-languageserver', 'vscode-languageserver/*'],
              message: 'The extension host talks to the core through the protocol only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['webview-ui/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview cannot import vscode.' }],
          patterns: [
            {
              group: [...lspPackages, '**/src/core/**', '**/src/extension/**', '**/src/server/**'],
              message: 'The webview imports the protocol only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Layer rules by folder (ARCHITECTURE.md), whatever the relative depth of an import: each
    // layer names the layers it may import; anything else, or a file outside every layer, fails.
    files: ['src/**/*.ts', 'webview-ui/src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.mts', '.js', '.mjs'] } },
      'boundaries/include': ['src/**/*', 'webview-ui/src/**/*'],
      'boundaries/elements': [
        { type: 'common', pattern: 'src/common' },
        { type: 'core', pattern: 'src/core' },
        { type: 'protocol', pattern: 'src/protocol' },
        { type: 'server', pattern: 'src/server' },
        { type: 'extension', pattern: 'src/extension' },
        { type: 'cli', pattern: 'src/cli' },
        { type: 'webview', pattern: 'webview-ui/src' },
      ],
    },
    rules: {
      'boundaries/no-unknown-files': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            // src/common: pure helpers (formatting) every layer may use; it imports nothing of ours.
            { from: { element: { type: 'common' } }, allow: { to: { element: { type: 'common' } } } },
            { from: { element: { type: 'core' } }, allow: { to: { element: { types: { anyOf: ['core', 'common'] } } } } },
            { from: { element: { type: 'protocol' } }, allow: { to: { element: { types: { anyOf: ['protocol', 'common'] } } } } },
            {
              from: { element: { type: 'server' } },
              allow: { to: { element: { types: { anyOf: ['server', 'core', 'protocol', 'common'] } } } },
            },
            {
              from: { element: { type: 'extension' } },
              allow: { to: { element: { types: { anyOf: ['extension', 'protocol', 'common'] } } } },
            },
            { from: { element: { type: 'cli' } }, allow: { to: { element: { types: { anyOf: ['cli', 'core', 'protocol', 'common'] } } } } },
            { from: { element: { type: 'webview' } }, allow: { to: { element: { types: { anyOf: ['webview', 'protocol', 'common'] } } } } },
          ],
        },
      ],
    },
  },
);
