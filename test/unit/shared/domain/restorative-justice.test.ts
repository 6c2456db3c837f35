import { describe, expect, it } from 'vitest';
import { RjNotPossibleError, rjOnRequest } from '../../../../shared/domain/restorative-justice.ts';

describe("restorative justice on a victim's request (rule 10)", () => {
  it.each([
    ['burglary-residential', 'referred'],
    ['robbery', 'referred'],
    ['sexual-offence', 'awaiting-approval'],
    ['domestic-abuse', 'awaiting-approval'],
    ['modern-slavery', 'awaiting-approval'],
    ['stalking-harassment', 'awaiting-approval'],
    ['homicide', 'awaiting-approval'],
  ] as const)('a %s is %s when the offender has admitted guilt', (offence, status) => {
    expect(rjOnRequest(offence, true)).toBe(status);
  });

  it('is not possible when the offender has not admitted guilt', () => {
    expect(() => rjOnRequest('burglary-residential', false)).toThrow(RjNotPossibleError);
  });
});
