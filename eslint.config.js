import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/*', '~/server/*', '**/db/*', '\\#db/*', '@remix-run/*', 'kysely', 'react', 'node:*'],
              message: 'app/domain is pure: no Remix, no SQL, no I/O',
            },
          ],
        },
      ],
    },
  },
  {
    // Type-checked rules (decision 0035), so far on app/domain: they read the TypeScript program, so they see a
    // promise nobody awaits or hands to an event handler, an `any` spreading from JSON or a library, a `throw`
    // of something that is not an Error, an assertion that asserts nothing. On the whole project they need more
    // than Node's default 4 GB heap (the i18next-typed pages), which `npm test` cannot give on this machine yet.
    files: ['app/domain/**/*.ts', 'app/domain/**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    // Only app/domain is held to "no server imports"; everything else may use server modules…
    files: ['**/*'],
    ignores: ['app/domain/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // …except app/ui and db/, which sit below app/server: nothing of it, types included (`import type` is
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
          ],
        },
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
              group: ['\\#db/*', '**/db/*', '**/db/**'],
              allowTypeImports: true,
              message: 'a route takes the database from context.db and its queries from app/server; only db/ types may be imported here',
            },
          ],
        },
      ],
    },
  },
);
