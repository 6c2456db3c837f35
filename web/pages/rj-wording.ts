import type { CaseEvent } from '../../shared/domain/case-records.ts';
import { MH_TRIAGE_OUTCOME_NAMES, type MhTriageOutcome } from '../../shared/domain/mh-triage.ts';
import {
  RJ_OFFER_RESULT_NAMES,
  RJ_OUTCOME_NAMES,
  RJ_STAGE_NAMES,
  RJ_TYPE_NAMES,
  type RjOfferResult,
  type RjOutcome,
  type RjStage,
  type RjType,
} from '../../shared/domain/rj-process.ts';

const named = <T extends string>(names: Readonly<Record<T, string>>, code: unknown): string =>
  names[code as T] ?? String(code);

/** Restorative justice and mental health triage on the timeline, in words; undefined for any other event. */
export function rjAndTriageWording(event: CaseEvent): { label: string; text: string } | undefined {
  const d = event.detail;
  const by = `By ${String(d.by)}.`;
  switch (event.type) {
    case 'rj-offer-recorded':
      return {
        label: `Restorative justice: ${named<RjOfferResult>(RJ_OFFER_RESULT_NAMES, d.result).toLowerCase()}`,
        text: `${d.type ? `${named<RjType>(RJ_TYPE_NAMES, d.type)}. ` : ''}${d.exception ? "A team leader's exception decision is needed. " : ''}${by}`,
      };
    case 'rj-exception-decided':
      return {
        label: `Restorative justice exception ${d.approved ? 'approved' : 'not approved'}`,
        text: by,
      };
    case 'rj-stage-recorded':
      return {
        label: `Restorative justice stage: ${named<RjStage>(RJ_STAGE_NAMES, d.stage).toLowerCase()}`,
        text: `${d.outcome ? `${named<RjOutcome>(RJ_OUTCOME_NAMES, d.outcome)}. ` : ''}${by}`,
      };
    case 'mh-triage-referred':
      return {
        label: `Referred to the mental health nurses${d.urgency === 'urgent' ? ' (urgent)' : ''}`,
        text: by,
      };
    case 'mh-triage-outcome':
      return {
        label: `Mental health triage: ${named<MhTriageOutcome>(MH_TRIAGE_OUTCOME_NAMES, d.outcome).toLowerCase()}`,
        text: by,
      };
    default:
      return undefined;
  }
}
