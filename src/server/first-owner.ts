/**
 * The first person of a new organization: an Organization Owner who signs in to the web UI. `certgate
 * init` (or the first `certgate start`) creates them with a random password that is printed once.
 */
import { countOrganizationPeople, createPerson } from "../core/people.js";
import type { Store } from "../store/store.js";

/** The email the first owner signs in with. */
export const FIRST_OWNER_EMAIL = "owner@certgate.local";

/** What to print about the first owner: the only time the password is shown. */
export interface FirstOwner {
  email: string;
  password: string;
}

/** Creates the first owner when the organization has nobody who can sign in yet; otherwise `undefined`. */
export async function createFirstOwner(store: Store, orgId: string): Promise<FirstOwner | undefined> {
  if ((await countOrganizationPeople(store, orgId)) > 0) return undefined;
  const { person, password } = await createPerson(store, { orgId, email: FIRST_OWNER_EMAIL, orgRoles: ["ORG_OWNER"] });
  return { email: person.email, password };
}
