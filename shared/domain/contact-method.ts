import * as z from 'zod';

/** The seven contact methods a victim can choose in the police crime system (spec 4: contact path). */
export const CONTACT_METHODS = [
  'home-telephone',
  'mobile-telephone',
  'work-telephone',
  'email',
  'post',
  'sms',
  'in-person',
] as const;

export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const ContactMethodSchema = z.enum(CONTACT_METHODS, {
  // Never echo what was written: it may be personal data, and errors end up in quarantine records.
  error: () => `must be one of ${CONTACT_METHODS.join(', ')}`,
});

/** The contact path a method leads to (docs/service-rules.md, rules 1–3). */
export type ContactPath = 'telephone' | 'written' | 'in-person';

/** Which contact path a chosen method leads to. */
export function contactPathFor(method: ContactMethod): ContactPath {
  switch (method) {
    case 'home-telephone':
    case 'mobile-telephone':
    case 'work-telephone':
      return 'telephone';
    case 'email':
    case 'post':
    case 'sms':
      return 'written';
    case 'in-person':
      return 'in-person';
  }
}
