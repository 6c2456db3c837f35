/**
 * The contact path's deadline rules (docs/service-rules.md, rules 1–6 and 13), as its breaches name them in
 * `detail.rule`, and the task that shows a rule applied to a case: read by the quarterly return, the
 * simulation's summary and the breach alarms, so all three count the same rules.
 */
export const DEADLINE_RULES = [
  'initial-contact-telephone',
  'written-on-the-day',
  'visit-notice-on-the-day',
  'home-visit',
  'second-home-visit',
  'needs-assessment-booking',
  'onward-referral',
  'team-leader-review',
] as const;
export type DeadlineRule = (typeof DEADLINE_RULES)[number];

export const DEADLINE_RULE_NAMES: Readonly<Record<DeadlineRule, string>> = {
  'initial-contact-telephone': 'Initial calls within 48 hours (24 when enhanced)',
  'written-on-the-day': 'Letter, e-mail or text on the day received',
  'visit-notice-on-the-day': 'Home visit notice on the day received',
  'home-visit': 'Home visit within 5 working days',
  'second-home-visit': 'Second home visit within 10 working days',
  'needs-assessment-booking': 'Needs assessment booked',
  'onward-referral': 'Onward referral made',
  'team-leader-review': 'Team-leader safe contact review',
};

/** The deadline rule a completed task shows applied to the case (its outcome was accepted before the deadline). */
export function ruleOfTask(type: string, taskId: string): DeadlineRule | undefined {
  switch (type) {
    case 'call-attempt':
      return 'initial-contact-telephone';
    case 'home-visit':
      return taskId.endsWith('.2') ? 'second-home-visit' : 'home-visit';
    case 'book-needs-assessment':
      return 'needs-assessment-booking';
    case 'onward-referral':
      return 'onward-referral';
    case 'safe-contact-review':
      return 'team-leader-review';
    default:
      return undefined;
  }
}
