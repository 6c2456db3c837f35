import type { Referrer } from '../../shared/domain/target-hardening-jobs.ts';

/**
 * The local system's referrers for the emergency target-hardening line: synthetic people with referrer numbers
 * and PINs that exist only here (README, docs/target-hardening.md). In AWS an administrator sets each
 * referrer's number and PIN.
 */
export const LOCAL_REFERRERS: ReadonlyArray<Referrer & { readonly pin: string }> = [
  {
    referrerNumber: '300001',
    referrerId: 'dsa.referrer',
    service: 'domestic-and-sexual-abuse-service',
    name: 'Dee Specimen (domestic and sexual abuse service)',
    pin: '246813',
  },
  {
    referrerNumber: '300002',
    referrerId: 'caseworker.one',
    service: 'victim-first',
    name: 'Alex Example (Victim First)',
    pin: '135792',
  },
];
