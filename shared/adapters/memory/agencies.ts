import {
  type Agency,
  AgencyNameTakenError,
  AgencyNotFoundError,
  agencyNameOf,
  type NewAgency,
  sameAgencyName,
} from '../../domain/agencies.ts';
import type { AgencyList } from '../../ports/agencies.ts';

/**
 * The agency list in memory: the DynamoDB list's twin, held to the same contract
 * (test/contract/agencies.test.ts). A name is held by one agency at a time, compared ignoring case and
 * spacing; a rename gives the old name up for another agency to take.
 */
export class InMemoryAgencyList implements AgencyList {
  private readonly agencies = new Map<string, Agency>();
  /** Each name in use (as sameAgencyName gives it) and the agency holding it. */
  private readonly names = new Map<string, string>();
  private readonly seeds = new Set<string>();

  async listAgencies(): Promise<Agency[]> {
    return [...this.agencies.values()]
      .map((agency) => ({ ...agency }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.agencyId.localeCompare(b.agencyId));
  }

  async getAgency(agencyId: string): Promise<Agency | undefined> {
    const agency = this.agencies.get(agencyId);
    return agency ? { ...agency } : undefined;
  }

  async addAgency(agency: NewAgency, _by: string, _at: Date): Promise<'added' | 'already-added'> {
    const name = agencyNameOf(agency.name);
    if (this.agencies.has(agency.agencyId)) return 'already-added';
    if (this.names.has(sameAgencyName(name)))
      throw new AgencyNameTakenError(`an agency is already called ${name}`);
    this.agencies.set(agency.agencyId, { agencyId: agency.agencyId, name, active: true });
    this.names.set(sameAgencyName(name), agency.agencyId);
    return 'added';
  }

  async renameAgency(agencyId: string, typed: string, _by: string, _at: Date): Promise<void> {
    const agency = this.agencies.get(agencyId);
    if (!agency) throw new AgencyNotFoundError(`there is no agency ${agencyId}`);
    const name = agencyNameOf(typed);
    // The same name but for case or spacing keeps the name it holds.
    if (sameAgencyName(name) !== sameAgencyName(agency.name)) {
      if (this.names.has(sameAgencyName(name))) {
        throw new AgencyNameTakenError(`an agency is already called ${name}`);
      }
      this.names.delete(sameAgencyName(agency.name));
      this.names.set(sameAgencyName(name), agencyId);
    }
    this.agencies.set(agencyId, { ...agency, name });
  }

  async setActive(agencyId: string, active: boolean, _by: string, _at: Date): Promise<void> {
    const agency = this.agencies.get(agencyId);
    if (!agency) throw new AgencyNotFoundError(`there is no agency ${agencyId}`);
    this.agencies.set(agencyId, { ...agency, active });
  }

  async seed(
    version: string,
    agencies: readonly NewAgency[],
    at: Date,
  ): Promise<'seeded' | 'already-seeded'> {
    if (this.seeds.has(version)) return 'already-seeded';
    for (const agency of agencies) {
      try {
        await this.addAgency(agency, 'seed', at);
      } catch (error) {
        // An administrator's agency of the same name stands; the seed adds only what is missing.
        if (!(error instanceof AgencyNameTakenError)) throw error;
      }
    }
    this.seeds.add(version);
    return 'seeded';
  }
}
