import { randomUUID } from 'node:crypto';
import {
  type Agency,
  AgencyNameTakenError,
  AgencyNotFoundError,
  agencyNameOf,
  agencyNameProblem,
  isAgencyId,
} from '../../shared/domain/agencies.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import type { Permission } from '../../shared/domain/roles.ts';
import type { AgencyList } from '../../shared/ports/agencies.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import { redirect, type WebResponse } from '../http.ts';
import type { PageContext, PageKit, SignedInContext } from './page-kit.ts';

/** What the agency pages need: the kept list and the time of each change. */
export interface AgencyPagesDeps {
  readonly agencies: AgencyList;
  readonly clock: Clock;
}

/** Who keeps the list: administrators only (a caseworker chooses from it). */
export const AGENCY_KEEPERS: Permission = 'agencies:manage';

/** What the list page says after each change. */
const SAVED: Readonly<Record<string, string>> = {
  added: 'Agency added.',
  renamed: 'Agency renamed.',
  retired: 'Agency retired: it is no longer offered for onward referrals.',
  reinstated: 'Agency reinstated: it is offered for onward referrals again.',
};

const BACK = { href: '/agencies', text: 'Back to the agencies' };

/** A problem with the name typed, shown beside the field and in the error summary. */
type NameProblem = { readonly text: string; readonly entered: string };

/** The agencies the onward-referral form offers: the active ones, by name. */
export async function agencyOptions(agencies: Pick<AgencyList, 'listAgencies'>, chosen?: string) {
  const active = (await agencies.listAgencies()).filter((agency) => agency.active);
  return [
    { value: '', text: 'Choose a service' },
    ...active.map((agency) => ({
      value: agency.agencyId,
      text: agency.name,
      selected: agency.agencyId === chosen,
    })),
  ];
}

/**
 * The administrator's pages for the kept list of onward-referral agencies: the list with the add form,
 * renaming one, retiring and reinstating. A retired agency stays on the list (past referrals name it) but
 * is no longer offered. Each change keeps who made it and when on the agency's item.
 */
export function createAgencyPages(kit: PageKit, deps: AgencyPagesDeps) {
  async function agenciesPage(ctx: PageContext, problem?: NameProblem): Promise<WebResponse> {
    const agencies = await deps.agencies.listAgencies();
    const saved = ctx.request.query.saved;
    return kit.render(
      ctx,
      'agencies',
      {
        title: 'Onward-referral agencies',
        rows: agencies.map(rowOf),
        formKey: randomUUID(),
        entered: problem?.entered ?? '',
        ...(problem
          ? { nameError: { text: problem.text }, errorSummary: [{ text: problem.text, href: '#name' }] }
          : saved && SAVED[saved]
            ? { banner: SAVED[saved] }
            : {}),
      },
      problem ? 400 : 200,
    );
  }

  async function renamePage(ctx: PageContext, agencyId: string, problem?: NameProblem): Promise<WebResponse> {
    const agency = isAgencyId(agencyId) ? await deps.agencies.getAgency(agencyId) : undefined;
    if (!agency) return notFound(ctx);
    return kit.render(
      ctx,
      'agency',
      {
        title: `Rename ${agency.name}`,
        agency,
        entered: problem?.entered ?? agency.name,
        ...(problem
          ? { nameError: { text: problem.text }, errorSummary: [{ text: problem.text, href: '#name' }] }
          : {}),
      },
      problem ? 400 : 200,
    );
  }

  async function addPost(ctx: SignedInContext): Promise<WebResponse> {
    const typed = ctx.request.form.name ?? '';
    const key = ctx.request.form[FORM_KEY_FIELD];
    const problem = agencyNameProblem(typed);
    if (problem) return agenciesPage(ctx, { text: problem, entered: typed });
    // Drawn again with a new key, the page keeps what was typed: sending it again adds the agency.
    if (!isFormKey(key)) return agenciesPage(ctx, { text: FORM_KEY_MESSAGE, entered: typed });
    try {
      // The form's key is the agency's id: the same form sent twice adds one agency.
      await deps.agencies.addAgency(
        { agencyId: key, name: agencyNameOf(typed) },
        ctx.session.user,
        deps.clock.now(),
      );
    } catch (error) {
      if (error instanceof AgencyNameTakenError)
        return agenciesPage(ctx, { text: nameTaken(typed), entered: typed });
      throw error;
    }
    return redirect('/agencies?saved=added');
  }

  async function renamePost(ctx: SignedInContext, agencyId: string): Promise<WebResponse> {
    if (!isAgencyId(agencyId)) return notFound(ctx);
    const typed = ctx.request.form.name ?? '';
    const problem = agencyNameProblem(typed);
    if (problem) return renamePage(ctx, agencyId, { text: problem, entered: typed });
    try {
      await deps.agencies.renameAgency(agencyId, typed, ctx.session.user, deps.clock.now());
    } catch (error) {
      if (error instanceof AgencyNameTakenError)
        return renamePage(ctx, agencyId, { text: nameTaken(typed), entered: typed });
      if (error instanceof AgencyNotFoundError) return notFound(ctx);
      throw error;
    }
    return redirect('/agencies?saved=renamed');
  }

  /** Retires an agency or reinstates it: setting the same state again changes nothing (a repeat is harmless). */
  async function activePost(ctx: SignedInContext, agencyId: string, active: boolean): Promise<WebResponse> {
    if (!isAgencyId(agencyId)) return notFound(ctx);
    try {
      await deps.agencies.setActive(agencyId, active, ctx.session.user, deps.clock.now());
    } catch (error) {
      if (error instanceof AgencyNotFoundError) return notFound(ctx);
      throw error;
    }
    return redirect(`/agencies?saved=${active ? 'reinstated' : 'retired'}`);
  }

  const notFound = (ctx: PageContext) =>
    kit.message(ctx, 404, 'Agency not found', ['There is no such agency on the list.'], BACK);

  return { agenciesPage, renamePage, addPost, renamePost, activePost };
}

function rowOf(agency: Agency) {
  return {
    agencyId: agency.agencyId,
    name: agency.name,
    active: agency.active,
    href: `/agencies/${encodeURIComponent(agency.agencyId)}`,
  };
}

const nameTaken = (typed: string) =>
  `An agency called ${agencyNameOf(typed)} is on the list already: rename or reinstate that one`;
