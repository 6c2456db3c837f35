import { describe, expect, it } from 'vitest';
import { goalsLine, goalsMet, type HeadlineFigures } from '../../../bench/goals.ts';

const onTarget: HeadlineFigures = {
  intakeVsFloor: 0.62,
  engineVsFloor: 0.5,
  quarterSimulationMs: 95_000,
  quarterSimulationPeakMiB: 610,
  queueP95Ms: 41.2,
  maxBundleKiB: 480.3,
  costPerReferralUsd: 0.00071,
};

describe('the benchmark goals', () => {
  it('meets every goal when each figure is on its side of the line', () => {
    const goals = goalsMet(onTarget);

    expect(Object.keys(goals)).toEqual(Object.keys(onTarget));
    expect(Object.values(goals).every((goal) => goal.met)).toBe(true);
    expect(goals.engineVsFloor).toEqual({ goal: '>= 0.5', value: 0.5, met: true });
    expect(goalsLine(goals)).toBe('goals: all 7 met');
  });

  it.each([
    ['intakeVsFloor', 0.49, '>= 0.5'],
    ['quarterSimulationMs', 120_000, '< 120000'],
    ['quarterSimulationPeakMiB', 1024, '< 1024'],
    ['queueP95Ms', 150, '< 150'],
    ['maxBundleKiB', 3171.8, '< 500'],
    ['costPerReferralUsd', 0.001, '< 0.001'],
  ] as const)('misses %s at %s (goal %s)', (figure, value, goal) => {
    const goals = goalsMet({ ...onTarget, [figure]: value });

    expect(goals[figure]).toEqual({ goal, value, met: false });
    expect(goalsLine(goals)).toBe(`goals: 6 of 7 met; missed: ${figure} ${value} (goal ${goal})`);
  });
});
