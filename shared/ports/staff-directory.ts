import type { StaffProfile } from '../domain/allocation.ts';

/** The caseworkers a team leader can allocate work to, with their specialisms and areas. */
export interface StaffDirectory {
  caseworkers(): Promise<StaffProfile[]>;
  /** The volunteers a team leader can assign to a case in long support; none when absent. */
  volunteers?(): Promise<Array<{ readonly id: string; readonly name: string }>>;
  /** The team leaders (who may also take open chats on the call-taking rota); none when absent. */
  teamLeaders?(): Promise<Array<{ readonly id: string; readonly name: string }>>;
}
