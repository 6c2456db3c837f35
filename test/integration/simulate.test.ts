import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import {
  DEFAULT_SIMULATION_OPTIONS,
  InvalidSimulationOptionError,
  parseSimulationOptions,
} from '../../local/simulation/options.ts';
import type { SimulatedReferralEnd } from '../../local/simulation/outcome.ts';
import { runSimulation } from '../../local/simulation/simulation.ts';
import { definitionsOnce } from '../support/local-system.ts';

const run = promisify(execFile);
const VF = new URL('../../bin/vf.js', import.meta.url).pathname;

/** A small simulation on the run's DynamoDB Local, with every referral's end. */
async function simulate(referrals: number, seed: number) {
  const ends: SimulatedReferralEnd[] = [];
  const report = await runSimulation(
    { ...DEFAULT_SIMULATION_OPTIONS, referrals, seed },
    {
      endpoint: inject('dynamoDbEndpoint'),
      definitions: definitionsOnce(),
      onReferral: (end) => ends.push(end),
    },
  );
  return { report, ends: ends.sort((a, b) => a.referralId.localeCompare(b.referralId)) };
}

describe('vf simulate', () => {
  it('runs every referral to the end of its path, and the same seed gives the same paths and breaches', async () => {
    const first = await simulate(40, 7);
    const second = await simulate(40, 7);

    expect(first.report.referrals).toBe(40);
    expect(first.report.completed).toBe(40);
    expect(Object.values(first.report.paths).reduce((a, b) => a + b, 0)).toBe(40);
    expect(first.report.transitionsPerReferral).toBeGreaterThan(5);
    expect(second.report.paths).toEqual(first.report.paths);
    expect(second.report.breaches).toEqual(first.report.breaches);
    expect(second.report.deadlines).toEqual(first.report.deadlines);
    // The simulated providers report every e-mail and text: none is left waiting, and the same ones bounce.
    expect(second.report.messages).toEqual(first.report.messages);
    for (const channel of ['email', 'sms'] as const)
      expect(Object.keys(first.report.messages[channel] ?? {})).not.toContain('sent');
    // Referral by referral, not only in total: the same result, transitions and breaches.
    expect(second.ends).toEqual(first.ends);
  }, 120_000);

  it.each([
    [{ referrals: '0' }, '--referrals'],
    [{ referrals: 'many' }, '--referrals'],
    [{ seed: '-1' }, '--seed'],
    [{ staff: '2.5' }, '--staff'],
    [{ perDay: '0' }, '--per-day'],
    [{ teamLeaders: '0' }, '--team-leaders'],
    [{ stepMinutes: '90' }, '--step'],
    [{ start: 'next tuesday' }, '--start'],
    [{ start: '2027-02-30' }, '--start'],
  ])('refuses %o, naming %s', (raw, option) => {
    expect(() => parseSimulationOptions(raw)).toThrow(InvalidSimulationOptionError);
    expect(() => parseSimulationOptions(raw)).toThrow(option);
  });

  it('refuses a bad option on the command line with exit code 2 before starting anything', async () => {
    const failed = await run(process.execPath, [VF, 'simulate', '--referrals', 'lots'], {
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('--referrals must be a whole number from 1 to 100000');
  }, 60_000);
});
