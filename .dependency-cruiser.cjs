/** Architecture boundaries (../shared/STYLE.md "Boundaries"), enforced in `npm test`. */
const PURE = '^libs/(errors|dicom|dicomweb|deid|volume|imaging|models|seg|fhir|jobs|auth)/';
// depcruise resolves npm imports to their installed path (node_modules/<pkg>/...), so match that.
const FRAMEWORKS = '^node_modules/(@nestjs|typeorm|bullmq|ioredis|@aws-sdk|express|pg|@electric-sql|pino)(/|$)';
const DB_DRIVERS = '^node_modules/(typeorm|pg|@electric-sql)(/|$)';
module.exports = {
  forbidden: [
    {
      name: 'pure-libs-no-frameworks',
      comment: 'Domain libs stay framework-free so they can be tested and reused without infrastructure.',
      severity: 'error',
      from: { path: PURE },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional'], path: FRAMEWORKS },
    },
    {
      name: 'pure-libs-no-infra-libs',
      severity: 'error',
      from: { path: PURE },
      to: { path: '^libs/(config|db|storage|queue|observability)/' },
    },
    {
      name: 'worker-never-sees-identifiers',
      comment:
        'The worker may run on a GPU node with no database and no keys (issue 4): no DB, vault, de-identification or DICOM ingest code.',
      severity: 'error',
      from: { path: '^(apps|libs)/worker/' },
      to: { path: ['^libs/(db|deid|dicomweb)/', DB_DRIVERS] },
    },
    {
      name: 'apps-reach-the-database-only-through-libs-db',
      comment:
        'Repositories in libs/db are injected; no app imports TypeORM or a driver (issue 11). E2E support may: it creates ' +
        'test databases and dumps every table raw for the PHI canary.',
      severity: 'error',
      from: { path: '^apps/', pathNot: '^apps/[^/]+/test/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional'], path: DB_DRIVERS },
    },
    {
      name: 'no-app-to-app',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-deep-lib-imports',
      comment: 'Cross-lib imports go through the lib index (@delineo/<lib>).',
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: {
        path: '^libs/([^/]+)/src/.+',
        pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/testing/'],
      },
    },
    {
      name: 'testing-helpers-only-in-tests',
      comment: 'libs/*/src/testing/ holds fixtures for tests; production code never imports them.',
      severity: 'error',
      from: { path: '^(apps|libs)/[^/]+/src/', pathNot: '/testing/' },
      to: { path: '^libs/[^/]+/src/testing/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(\\.spec|\\.int-spec|\\.e2e-spec)\\.tsx?$', '(^|/)dist/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
