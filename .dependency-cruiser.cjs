// The project's dependency rules ("dependencies run one way": docs/architecture.md, "Dependency rules").
// `npm run lint` checks them after biome; test/unit/architecture/dependency-rules.test.ts proves that a
// forbidden import fails. Paths are relative to the project's root.

/** The layers outside shared/: the things that run (functions, web app, local system) and the CDK app. */
const OUTER = '^(functions|web|infra|local|workflows|bin|scripts|bench|test)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-domain',
      comment:
        'shared/domain holds the entities and rules: it imports other domain modules and packages only, ' +
        'never ports, adapters, application services, rendering, the storage layout, functions, web, infra ' +
        'or local.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: ['^shared/(?!domain/)', OUTER] },
    },
    {
      name: 'domain-does-no-rendering',
      comment:
        'PDF, HTML and chart rendering live in shared/rendering, not shared/domain: the domain never loads ' +
        'a rendering or templating library.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        path: 'node_modules/(pdfkit|nunjucks|govuk-frontend|@ministryofjustice/frontend)/',
      },
    },
    {
      name: 'ports-import-only-domain-types',
      comment:
        'shared/ports are interfaces only, over domain types: a port file imports from shared/domain (or ' +
        'another port) and nothing else: no adapter, no package.',
      severity: 'error',
      from: { path: '^shared/ports/' },
      to: { pathNot: '^shared/(domain|ports)/' },
    },
    {
      name: 'ports-are-type-only',
      comment:
        'shared/ports are interfaces only, so nothing imports a runtime value from one: every import of a ' +
        'port is `import type`. (Errors, constants and rules that ports used to hold live in shared/domain.)',
      severity: 'error',
      from: {},
      to: { path: '^shared/ports/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'rendering-imports-only-domain',
      comment:
        'shared/rendering (PDF, HTML, CSV and chart output) renders domain values: it imports shared/domain ' +
        'and itself only, never ports, adapters or the layers outside shared/.',
      severity: 'error',
      from: { path: '^shared/rendering/' },
      to: { path: ['^shared/(?!domain/|rendering/)', OUTER] },
    },
    {
      name: 'application-not-adapters',
      comment:
        'shared/application (use cases that drive ports) depends on ports and the domain, never on a ' +
        'particular adapter or on the layers outside shared/.',
      severity: 'error',
      from: { path: '^shared/application/' },
      to: { path: ['^shared/adapters/', OUTER] },
    },
    {
      name: 'storage-layout-is-pure-data',
      comment:
        'shared/storage-layout (table keys and indexes, bucket prefixes) is pure data that the CDK app and ' +
        'the adapters both read: it imports nothing.',
      severity: 'error',
      from: { path: '^shared/storage-layout/' },
      to: { pathNot: '^shared/storage-layout/' },
    },
    {
      name: 'shared-not-outer-layers',
      comment:
        'shared/ is what the functions, the web app, the local system and the CDK app are built from: it ' +
        'never imports them back.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: OUTER },
    },
    {
      name: 'functions-not-web',
      comment:
        "A function never imports the web app (web/), except the web app's own function (functions/web/).",
      severity: 'error',
      from: { path: '^functions/', pathNot: '^functions/web/' },
      to: { path: '^web/' },
    },
    {
      name: 'infra-not-adapters',
      comment:
        'The CDK app never imports a runtime adapter (shared/adapters/**), directly or through another ' +
        'module (functions/registry.ts, say): the key prefixes, table design and index names it shares with ' +
        'the adapters are in shared/storage-layout.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^shared/adapters/', reachable: true },
    },
    {
      name: 'no-circular-in-shared',
      comment: 'No import cycles within shared/: each module can be read, tested and moved on its own.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^shared/', circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The project's TypeScript (7) has no compiler API for dependency-cruiser: swc parses instead. It sees
    // `import type` too, marked type-only, so a rule can tell type imports from value imports.
    parser: 'swc',
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
