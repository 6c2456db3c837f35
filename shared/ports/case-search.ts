import type { CaseSearchQuery, CaseSearchResult } from '../domain/case-search.ts';

/**
 * Finding a case by case reference, crime reference, surname, date of birth or postcode (docs/web-app.md,
 * "Find a case"), from the hashed search keys written with each case (docs/data-model.md): never a Scan.
 * Every value given must match; a case reference is looked up directly.
 */
export interface CaseSearch {
  /**
   * The ids of the matching cases, at most `limit` (1 to 200), newest received first, and whether more
   * matched. A search with nothing to search by finds nothing.
   */
  find(query: CaseSearchQuery, options: { readonly limit: number }): Promise<CaseSearchResult>;
  /**
   * The ids of the cases whose victim gave this telephone number (E.164, `+447700900036`), newest received
   * first, at most `limit` (1 to 200): one Query on the number's search key, never a Scan.
   */
  casesByPhone(e164: string, options: { readonly limit: number }): Promise<string[]>;
}
