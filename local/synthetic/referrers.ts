import type { Referrer } from '../../shared/ports/target-hardening.ts';

/**
 * The local system's referrers for the emergency target-hardening line: synthetic people with PINs that exist
 * only here (README, docs/target-hardening.md). In AWS an administrator sets each referrer's PIN.
 */
export const LOCAL_REFERRERS: ReadonlyArray<Referrer & { readonly pin: string }> = [
  {
    referrerId: 'dsa.referrer',
    service: 'domestic-and-sexual-abuse-service',
    name: 'Dee Specimen (domestic and sexual abuse service)',
    pin: '2468',
  },
  { referrerId: 'caseworker.one', service: 'victim-first', name: 'Alex Example (Victim First)', pin: '1357' },
];
