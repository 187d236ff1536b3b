/**
 * The layers of src/ and the imports each may make (README, "Architecture"): imports flow down only, and nothing
 * imports in a circle. `npm run lint` and CI check them; `npx depcruise src --config .dependency-cruiser.cjs
 * --output-type dot | dot -T svg > layers.svg` draws the graph.
 *
 * Bottom to top: core → text → ingest, index → search, store → pipeline, opensearch → web, cli → the entry points.
 */
const layer = (name, may) => ({
  name: `layer-${name}`,
  comment: `src/${name}/ may import only ${may.length ? may.map((m) => `src/${m}/`).join(', ') : 'nothing else in src/'}, besides itself`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: `^src/(${[name, ...may].join('|')})/` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one: split them, or move what both need down a layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('core', []),
    layer('text', ['core']),
    layer('ingest', ['core', 'text']),
    layer('index', ['core', 'text']),
    layer('search', ['core', 'text', 'index']),
    layer('store', ['core', 'text', 'ingest', 'index']),
    layer('pipeline', ['core', 'text', 'ingest', 'index', 'search', 'store']),
    layer('opensearch', ['core', 'text', 'ingest', 'index', 'search']),
    layer('web', ['core', 'text', 'search']),
    layer('cli', ['core', 'text', 'ingest', 'search', 'pipeline', 'opensearch']),
    {
      name: 'entry-points-on-top',
      comment: 'src/server.ts and src/cli.ts start the program: nothing imports them.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/(server|cli)\\.ts$' },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead code (entry points and worker/child modules are started by path).',
      severity: 'error',
      from: { orphan: true, pathNot: ['^src/(server|cli)\\.ts$', '^src/pipeline/segment-child\\.ts$', '^src/store/hash-worker\\.ts$', '\\.d\\.ts$'] },
      to: {},
    },
    {
      name: 'not-to-dev-dep',
      comment: 'What src/ imports must be a runtime dependency: `npm install --omit=dev && npm start` must work.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
  },
};
