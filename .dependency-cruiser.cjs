/**
 * The boundaries of docs/architecture.md, checked by `npm run check:deps`:
 * platform knows no module and no adapter; a module is reached only through its module.ts; production
 * code never reaches test code; no import cycles; the web app does not import the server.
 * Type-only imports count: a type from another module's inner file couples the two all the same.
 */

/** A file beside the code that vitest runs. */
const TEST_FILE = '\\.test\\.tsx?$';

/**
 * The bare baseline of `npm run bench` runs the module's own repo query and view mapping (imported, not
 * copied, so the comparison stays honest): a white-box measurement, like a test.
 */
const BENCH_BASELINE = '^bench/cases\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-knows-no-module',
      comment:
        'src/platform is the floor every module stands on: it imports no module and no provider adapter ' +
        '(the composition root, src/app.ts, hands it what it needs through ports).',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|adapters)/' },
    },
    {
      name: 'module-through-module-ts',
      comment:
        "A module reaches another module only through that module's src/modules/<n>/module.ts " +
        '(its factory, Api interface and events), never its routes, services, repos, tables or sub-rooms.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: TEST_FILE },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/module\\.ts$'],
      },
    },
    {
      name: 'outside-through-module-ts',
      comment:
        'Code outside the modules (app.ts, cli, seed, adapters, bench, scripts, src/modules/index.ts) ' +
        'reaches a module only through its module.ts; tests (test/ and *.test.ts) and the bench baseline may go deeper.',
      severity: 'error',
      from: { path: '^(src|bench|scripts)/', pathNot: ['^src/modules/[^/]+/', TEST_FILE, BENCH_BASELINE] },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/module\\.ts$' },
    },
    {
      name: 'src-not-to-test',
      comment:
        'Production code does not import test helpers or vitest: they belong in test/ (test/support, ' +
        'test/helpers) and in *.test.ts files.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_FILE },
      to: { path: ['^test/', '(^|/)node_modules/(vitest|@vitest/[^/]+)/'] },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and hide which part depends on which.',
      severity: 'error',
      from: { path: '^(src|web)/' },
      to: { circular: true },
    },
    {
      name: 'web-not-to-src',
      comment:
        'The web app talks to the server over HTTP only; its API types come from the OpenAPI document ' +
        '(web/src/api/schema.d.ts), not from server code.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-unresolvable',
      comment:
        'An import the checker cannot resolve escapes every rule above, so it is an error of its own ' +
        '(the code imports .ts files with .js extensions, as NodeNext wants).',
      severity: 'error',
      from: { path: '^(src|web|test|bench|scripts)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules may be a symlink (git worktrees): keep its paths as imported, so rules and the
    // baseline read the same everywhere.
    preserveSymlinks: true,
    exclude: { path: '^(web/dist|data|bench/results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
