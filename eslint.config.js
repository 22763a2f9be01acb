import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * One way to import db/ from outside it: by its relative path (`../../db/dialect`), as most of the code did
 * (developer guide, "Layout"). The `#db/*` alias is gone from tsconfig.json; this says why when someone types it.
 */
const dbByRelativePath = {
  group: ['\\#db', '\\#db/*'],
  message: 'import db/ by its relative path (../../db/dialect), not #db/ (docs/developer-guide.md, Layout)',
};

export default tseslint.config(
  { ignores: ['build/', 'node_modules/', 'data/', '.cache/', 'test-results/', 'playwright-report/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Migrations and routes are invisible to each other; import cycles between layers are reviewed by hand.
      'no-restricted-imports': ['error', { patterns: [dbByRelativePath] }],
    },
  },
  {
    files: ['app/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/*', '~/server/*', '**/db/*', '@remix-run/*', 'kysely', 'react', 'node:*'],
              message: 'app/domain is pure: no Remix, no SQL, no I/O',
            },
            dbByRelativePath,
          ],
        },
      ],
    },
  },
  {
    // Type-checked rules (decision 0035) on every TypeScript file: app/, db/, scripts/, tests/, bench/, vite-plugins/
    // and the root config files. They read the TypeScript program, so they see a promise nobody awaits or hands to
    // an event handler, an `any` spreading from JSON or a library, a `throw` of something that is not an Error, an
    // assertion that asserts nothing. `project` rather than the project service: one program for the run
    // (typescript-eslint's single-run mode), measured in the decision. tsconfig.json includes every .ts/.tsx file,
    // so none is outside that program.
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Remix's way to answer from deep in a loader or action is to throw a Response (a redirect, a 404): allowed;
      // anything else thrown must still be an Error.
      '@typescript-eslint/only-throw-error': [
        'error',
        { allow: [{ from: 'lib', name: 'Response' }, { from: 'package', package: '@remix-run/server-runtime', name: 'TypedResponse' }] },
      ],
      // Every check of the rule but one: handing a promise-returning function to a parameter typed to return void
      // (`checksVoidReturn.arguments`) asks the checker for every parameter of every overload at every call, and
      // Kysely's overloaded builders took it to 3–4 GB more than the rest of the lint together (decision 0035).
      // The usual ways to make that mistake are refused by syntax below instead.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(forEach|on|once|addListener|addEventListener)$/] > :function[async=true]",
          message: 'an async callback here is not awaited: its rejection goes nowhere (use for…of with await, or catch inside)',
        },
        {
          selector: "CallExpression[callee.name=/^(setTimeout|setInterval|setImmediate|queueMicrotask)$/] > :function[async=true]",
          message: 'an async timer callback is not awaited: its rejection goes nowhere (catch inside, or void a promise you handle)',
        },
        {
          selector: "NewExpression[callee.name='Promise'] > :function[async=true]",
          message: 'an async Promise executor loses its own rejections: await inside a plain async function instead',
        },
      ],
    },
  },
  {
    // app/ui and db/ sit below app/server: nothing of it, types included (`import type` is
    // reported too). Plain data a page shows is typed in app/domain; the seed's hashing and roll-ups are done
    // by its caller (app/server/seed.server.ts).
    files: ['app/ui/**', 'db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['~/server', '~/server/**', '**/app/server', '**/app/server/**', '../server', '../server/**', '../../server/**', '*.server', '**/*.server'],
              message: 'app/ui and db/ must not import app/server (types included): move the shared type to app/domain, or let the caller pass it in',
            },
            dbByRelativePath,
          ],
        },
      ],
    },
  },
  {
    // Tests import app/ as app code does, through `~/` (developer guide, "Layout").
    files: ['tests/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/app/*', '**/app/**'], message: 'a test imports app/ through ~/ (~/server/auth.server), not a relative path' }, dbByRelativePath] },
      ],
    },
  },
  {
    // Routes only parse and hand over (docs/decisions/0013-one-way-to-write-a-route.md): every query lives in
    // app/server, so a route imports no Kysely and nothing of db/ but its types (a row type, an enum of the schema).
    files: ['app/routes/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kysely', message: 'no Kysely in a route: put the query in an app/server/*.server.ts function taking db first' }],
          patterns: [
            { group: ['kysely/*'], message: 'no Kysely in a route: put the query in an app/server/*.server.ts function taking db first' },
            {
              group: ['**/db/*', '**/db/**'],
              allowTypeImports: true,
              message: 'a route takes the database from context.db and its queries from app/server; only db/ types may be imported here',
            },
          ],
        },
      ],
    },
  },
);
