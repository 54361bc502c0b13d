/**
 * {@link resolveRoles} remembered per role list and custom-role set: compiling a user's roles costs
 * tens of microseconds, and every connection of one user (with the user cache handing out the same
 * stored user object) would otherwise compile the same privileges again. A project change builds new
 * custom roles and reloads users, so stale compilations are simply never looked up again.
 */
import { resolveRoles, type CustomRole, type ResolvedRoles, type UserRole } from "../authz/index.js";

const compiled = new WeakMap<readonly UserRole[], { customRoles: readonly CustomRole[]; resolved: ResolvedRoles }>();

/** `resolveRoles(roles, customRoles)`, shared between connections; the result must not be mutated. Throws as resolveRoles does. */
export function compileRoles(roles: readonly UserRole[], customRoles: readonly CustomRole[]): ResolvedRoles {
  const known = compiled.get(roles);
  if (known !== undefined && known.customRoles === customRoles) return known.resolved;
  const resolved = resolveRoles(roles, customRoles);
  compiled.set(roles, { customRoles, resolved });
  return resolved;
}
