import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { type FunctionDefinition, functionDefinitions } from '../functions/registry.ts';
import { BUNDLING } from '../infra/constructs/registry-function.ts';

/** The goal (docs/performance.md): every function's bundle under 500 KiB. */
export const GOAL_BUNDLE_KIB = 500;

/**
 * Left out of every bundle as NodejsFunction leaves them for a Node.js 18+ runtime (its default
 * `externalModules`): the Lambda runtime provides the AWS SDK v3.
 */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*'] as const;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface FunctionBundle {
  readonly id: string;
  /** `index.mjs`, the code Lambda loads. */
  readonly bundleKiB: number;
  /** `index.mjs.map`, shipped beside it for stack traces (NODE_OPTIONS=--enable-source-maps). */
  readonly sourceMapKiB: number;
  /** Installed beside the bundle instead of bundled (not counted here): the registry's externalPackages. */
  readonly externalPackages: readonly string[];
}

export interface BundleFigures {
  readonly functions: readonly FunctionBundle[];
  readonly maxBundleKiB: number;
  readonly maxBundleFunction: string;
  readonly goalKiB: number;
}

const kib = (bytes: number) => bytes / 1024;

/** One registry entry bundled with esbuild as the CDK app bundles it (in memory, nothing written). */
export async function bundleFunction(definition: FunctionDefinition): Promise<FunctionBundle> {
  const externalPackages = definition.externalPackages ?? [];
  const result = await build({
    entryPoints: [join(ROOT, definition.entry)],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: BUNDLING.format,
    target: BUNDLING.target,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    external: [...RUNTIME_PROVIDED_MODULES, ...externalPackages],
    outfile: join(ROOT, 'cdk.out', 'bench-bundles', definition.id, 'index.mjs'),
    write: false,
    logLevel: 'silent',
  });
  const sizeOf = (suffix: string) =>
    result.outputFiles
      .filter((file) => file.path.endsWith(suffix))
      .reduce((sum, f) => sum + f.contents.length, 0);
  return {
    id: definition.id,
    bundleKiB: kib(sizeOf('index.mjs')),
    sourceMapKiB: kib(sizeOf('index.mjs.map')),
    externalPackages,
  };
}

/**
 * Bundle size benchmark: every function of functions/registry.ts bundled with esbuild the way
 * infra/constructs/registry-function.ts has NodejsFunction bundle it (ESM, node24, minified, source maps, the
 * require banner, `@aws-sdk/*` and the entry's externalPackages left out), largest first, beside the goal.
 */
export async function benchBundles(log = console.log): Promise<BundleFigures> {
  const bundles = await Promise.all(functionDefinitions().map(bundleFunction));
  const largestFirst = [...bundles].sort((a, b) => b.bundleKiB - a.bundleKiB);
  const largest = largestFirst[0];
  if (largest === undefined) throw new Error('the function registry is empty');
  log(
    `bundles: ${bundles.length} functions bundled with esbuild as the CDK app bundles them (goal < ${GOAL_BUNDLE_KIB} KiB each)`,
  );
  for (const bundle of largestFirst) {
    const external =
      bundle.externalPackages.length > 0 ? `; beside it: ${bundle.externalPackages.join(', ')}` : '';
    const missed = bundle.bundleKiB < GOAL_BUNDLE_KIB ? '' : ' (goal missed)';
    log(
      `  ${bundle.id.padEnd(26)} ${bundle.bundleKiB.toFixed(1).padStart(7)} KiB${missed}, source map ${bundle.sourceMapKiB.toFixed(0)} KiB${external}`,
    );
  }
  return {
    functions: bundles,
    maxBundleKiB: largest.bundleKiB,
    maxBundleFunction: largest.id,
    goalKiB: GOAL_BUNDLE_KIB,
  };
}

// `npx tsx bench/bundles.ts [--json]`: this benchmark alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchBundles();
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
}
