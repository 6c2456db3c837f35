import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp, type VictimFirstApp } from '../../infra/app.ts';

const outdirs: string[] = [];

/** A temporary directory for a cloud assembly, removed by removeTemporaryOutdirs. */
export function temporaryOutdir(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'vf-cdk-'));
  outdirs.push(outdir);
  return outdir;
}

/** Removes every directory temporaryOutdir made (a test file's afterAll). */
export function removeTemporaryOutdirs(): void {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
}

/**
 * The CDK app synthesized without bundling (the template is the same; the handlers are not needed) into a
 * temporary directory, with the intake stack's template read back. Unacknowledged cdk-nag findings make
 * synth throw after the template is written: the error is returned for the cdk-nag tests to report.
 */
export function synthUnbundled(context: Record<string, unknown> = {}): {
  built: VictimFirstApp;
  template: Template;
  synthError: unknown;
} {
  const built = buildApp({
    context: { 'aws:cdk:bundling-stacks': [], ...context },
    outdir: temporaryOutdir(),
  });
  let synthError: unknown;
  try {
    built.app.synth();
  } catch (error) {
    synthError = error;
  }
  const templatePath = join(built.app.outdir, built.intakeStack.templateFile);
  if (!existsSync(templatePath)) throw synthError; // synth failed before writing anything
  const template = Template.fromJSON(
    JSON.parse(readFileSync(templatePath, 'utf8')) as Record<string, unknown>,
  );
  return { built, template, synthError };
}

/**
 * Every AwsSolutions finding cdk-nag reports in the app and that nothing acknowledges, as `rule at path`:
 * the checks run directly, so a failing test lists each finding and where it is.
 */
export function unacknowledgedNagFindings(app: App): string[] {
  const { violations } = new AwsSolutionsChecks().validateScope(app);
  return violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
  );
}
