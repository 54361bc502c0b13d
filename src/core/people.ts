/**
 * People: operators who sign in to the web UI with an email and a password (scrypt-hashed). A signed-in
 * person becomes an `Actor` of kind PERSON, so the core's `authorize` applies the same role rules to
 * people as to API keys. The `Core` interface predates people; these functions take the store directly.
 */
import { randomBytes } from "node:crypto";
import type { Store } from "../store/store.js";
import { countPeople, createPersonRow, findPerson, findPersonByEmail, listPersonProjectRoles, setPersonPasswordHash, setPersonProjectRoles } from "../store/repos/people.js";
import { deletePersonUiSessions } from "../store/repos/ui-sessions.js";
import { CoreError } from "./core-error.js";
import { atlasTime, newId } from "./ids.js";
import { hashPassword, verifyPassword } from "./password-hash.js";
import { GROUP_ROLES, ORG_ROLES, type Actor, type GroupRole, type OrgRole } from "./types.js";

/** A person as the UI sees them (never the password hash). */
export interface Person {
  id: string;
  orgId: string;
  email: string;
  orgRoles: OrgRole[];
  groupRoles: Record<string, GroupRole[]>;
  created: string;
}

/** What `createPerson` needs. */
export interface CreatePersonParams {
  orgId: string;
  email: string;
  orgRoles: OrgRole[];
  /** Project roles by project id. */
  groupRoles?: Record<string, GroupRole[]>;
  /** Generated (and returned) when absent. */
  password?: string;
}

/** Passwords people choose must be at least this long; generated ones are much longer. */
export const MIN_PASSWORD_LENGTH = 12;

// A hash of a random password, verified against when the email is unknown so both paths cost one scrypt.
const decoyHash = hashPassword(randomBytes(16).toString("hex"));

/** Emails compare case-insensitively, so they are stored lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A random password of 24 URL-safe characters (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/** Creates a person; answers the person and the password (generated when none was given), shown once. */
export async function createPerson(store: Store, params: CreatePersonParams): Promise<{ person: Person; password: string }> {
  const email = normalizeEmail(params.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new CoreError("INVALID_ATTRIBUTE", `Invalid attribute email specified.`, ["email"]);
  for (const role of params.orgRoles) {
    if (!(ORG_ROLES as readonly string[]).includes(role)) throw new CoreError("INVALID_ENUM_VALUE", `An invalid enumeration value ${role} was specified.`, [role]);
  }
  for (const roles of Object.values(params.groupRoles ?? {})) {
    for (const role of roles) {
      if (!(GROUP_ROLES as readonly string[]).includes(role)) throw new CoreError("INVALID_ENUM_VALUE", `An invalid enumeration value ${role} was specified.`, [role]);
    }
  }
  const password = params.password ?? generatePassword();
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new CoreError("INVALID_ATTRIBUTE", `Passwords must be at least ${MIN_PASSWORD_LENGTH} characters long.`, ["password"]);
  }
  const id = newId();
  const created = atlasTime(new Date());
  const passwordHash = await hashPassword(password);
  await store.transaction(async (tx) => {
    if (await findPersonByEmail(tx, email)) throw new CoreError("USER_ALREADY_EXISTS", `A person with email ${email} already exists.`, [email]);
    await createPersonRow(tx, { id, org_id: params.orgId, email, password_hash: passwordHash, org_roles: JSON.stringify(params.orgRoles), created_at: created });
    for (const [projectId, roles] of Object.entries(params.groupRoles ?? {})) await setPersonProjectRoles(tx, id, projectId, JSON.stringify(roles));
  });
  return { person: { id, orgId: params.orgId, email, orgRoles: [...params.orgRoles], groupRoles: { ...(params.groupRoles ?? {}) }, created }, password };
}

/** How many people an organization has (`certgate init` creates the first one). */
export function countOrganizationPeople(store: Store, orgId: string): Promise<number> {
  return countPeople(store.db, orgId);
}

/**
 * Checks an email and password; answers the person, or `undefined` for an unknown email or a wrong
 * password alike (both cost one scrypt, so timing does not reveal which emails exist).
 */
export async function verifyPersonPassword(store: Store, email: string, password: string): Promise<Person | undefined> {
  const row = await findPersonByEmail(store.db, normalizeEmail(email));
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
  return row && ok ? loadPerson(store, row.id) : undefined;
}

/** The person with this id and their current roles, or `undefined` once they are gone. */
export async function loadPerson(store: Store, personId: string): Promise<Person | undefined> {
  const row = await findPerson(store.db, personId);
  if (!row) return undefined;
  const groupRoles: Record<string, GroupRole[]> = {};
  for (const grant of await listPersonProjectRoles(store.db, personId)) groupRoles[grant.project_id] = JSON.parse(grant.roles) as GroupRole[];
  return { id: row.id, orgId: row.org_id, email: row.email, orgRoles: JSON.parse(row.org_roles) as OrgRole[], groupRoles, created: row.created_at };
}

/** The operator a person acts as: the core authorizes it exactly like an API key with the same roles. */
export function personActor(person: Person): Actor {
  return { kind: "PERSON", id: person.id, label: person.email, orgId: person.orgId, orgRoles: person.orgRoles, groupRoles: person.groupRoles };
}

/**
 * Gives the person with `email` a new password (generated when none is given) and ends their web UI
 * sessions. Not authorized: `certgate admin reset-password`, run by whoever holds the data directory.
 */
export async function resetPersonPassword(store: Store, email: string, password = generatePassword()): Promise<{ person: Person; password: string }> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new CoreError("INVALID_ATTRIBUTE", `Passwords must be at least ${MIN_PASSWORD_LENGTH} characters long.`, ["password"]);
  }
  const normalized = normalizeEmail(email);
  const row = await findPersonByEmail(store.db, normalized);
  if (!row) throw new Error(`no person signs in with ${normalized}`);
  const passwordHash = await hashPassword(password);
  await store.transaction(async (tx) => {
    await setPersonPasswordHash(tx, row.id, passwordHash);
    await deletePersonUiSessions(tx, row.id);
  });
  const person = await loadPerson(store, row.id);
  if (!person) throw new Error(`no person signs in with ${normalized}`);
  return { person, password };
}
