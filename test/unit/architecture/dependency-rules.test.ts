import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

// The dependency rules that `npm run lint` checks (.dependency-cruiser.cjs; docs/architecture.md): each one
// is reported, by name, on a fixture that breaks it, and the project itself breaks none.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../fixtures/architecture/', import.meta.url));
const config = createRequire(import.meta.url)(`${ROOT}.dependency-cruiser.cjs`) as IConfiguration;

async function violationsIn(baseDir: string, roots: string[]) {
  const { output } = await cruise(roots, {
    ...config.options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
  });
  const { summary } = output as ICruiseResult;
  return summary.violations.map((violation) => ({
    rule: violation.rule.name,
    from: violation.from,
    to: violation.to,
  }));
}

describe('dependency rules', () => {
  it('reports each rule, by name, where the fixture breaks it', async () => {
    const violations = await violationsIn(FIXTURE, ['shared', 'functions', 'web', 'infra']);
    const broken = (rule: string) =>
      violations
        .filter((v) => v.rule === rule)
        .map((v) => `${v.from} → ${v.to.replace(/^.*node_modules\//, '')}`);

    expect(broken('domain-imports-only-domain')).toEqual([
      'shared/domain/imports-a-port.ts → shared/ports/clock.ts',
    ]);
    expect(broken('domain-does-no-rendering')).toEqual([
      'shared/domain/renders-a-pdf.ts → pdfkit/js/pdfkit.node.mjs',
    ]);
    expect(broken('ports-import-only-domain-types')).toEqual([
      'shared/ports/imports-an-adapter.ts → shared/adapters/store.ts',
    ]);
    // The domain's `import type` of the same port is allowed by this rule: only value imports break it.
    expect(broken('ports-are-type-only')).toEqual(['shared/adapters/store.ts → shared/ports/clock.ts']);
    expect(broken('rendering-imports-only-domain')).toEqual([
      'shared/rendering/reads-a-store.ts → shared/adapters/store.ts',
    ]);
    expect(broken('application-not-adapters')).toEqual([
      'shared/application/uses-an-adapter.ts → shared/adapters/store.ts',
    ]);
    expect(broken('storage-layout-is-pure-data')).toEqual([
      'shared/storage-layout/keys.ts → shared/domain/cycle-a.ts',
    ]);
    expect(broken('shared-not-outer-layers')).toEqual(['shared/adapters/uses-the-web.ts → web/app.ts']);
    expect(broken('functions-not-web')).toEqual(['functions/intake/handler.ts → web/app.ts']);
    expect(broken('infra-not-adapters')).toEqual(['infra/stack.ts → shared/adapters/store.ts']);
    expect(broken('no-circular-in-shared')).toHaveLength(1);
    expect(broken('no-circular-in-shared')[0]).toMatch(
      /^shared\/domain\/cycle-[ab]\.ts → shared\/domain\/cycle-[ab]\.ts$/,
    );

    // Every rule of the set is proven here: a rule added later needs a fixture of its own.
    expect(new Set(violations.map((v) => v.rule))).toEqual(
      new Set(config.forbidden?.map((rule) => rule.name)),
    );
  });

  it('finds no violation in the project', async () => {
    const violations = await violationsIn(ROOT, [
      'shared',
      'functions',
      'web',
      'infra',
      'local',
      'workflows',
      'bin',
      'scripts',
      'bench',
    ]);
    expect(violations).toEqual([]);
  });
});
