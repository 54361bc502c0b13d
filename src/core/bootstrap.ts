/** First start: the first organization, its default project and an ORG_OWNER API key. */
import {
  createOrganization,
  createProject,
  findFirstOrganization,
  listProjectsVisible,
  lockOrganizationsForBootstrap,
} from "../store/repos/organizations.js";
import { insertApiKey } from "./api-keys.js";
import { writeEvent, type CoreContext } from "./core-context.js";
import type { BootstrapParams } from "./core.js";
import { newId } from "./ids.js";
import type { BootstrapResult } from "./types.js";

/**
 * The first project's name. Atlas's console calls it "Project 0", but a space breaks the project-name
 * pattern of Atlas's own API document (`^[\p{L}\p{N}\-_.(),:&@+']{1,64}$`), so certgate drops it.
 */
export const DEFAULT_PROJECT_NAME = "Project0";

/** The first organization's name, without a space for the same reason (AtlasOrganization.name has that pattern). */
export const DEFAULT_ORGANIZATION_NAME = "Organization0";

/**
 * Initializes an empty store; on a store that already has an organization it changes nothing and
 * reports the existing organization and its oldest project.
 */
export async function bootstrap(ctx: CoreContext, params: BootstrapParams = {}): Promise<BootstrapResult> {
  return ctx.store.transaction(async (tx) => {
    await lockOrganizationsForBootstrap(tx, ctx.store.dialect);
    const existing = await findFirstOrganization(tx);
    if (existing !== undefined) {
      const [project] = await listProjectsVisible(tx, [existing.id], []);
      return { initialized: false, orgId: existing.id, projectId: project?.id ?? "" };
    }
    const now = ctx.clock.now().toISOString();
    const orgId = newId();
    const projectId = newId();
    const projectName = params.projectName ?? DEFAULT_PROJECT_NAME;
    await createOrganization(tx, { id: orgId, name: params.orgName ?? DEFAULT_ORGANIZATION_NAME, created_at: now });
    await createProject(tx, { id: projectId, org_id: orgId, name: projectName, created_at: now });
    const key = await insertApiKey(ctx, tx, orgId, params.keyDescription ?? "created by certgate init", ["ORG_OWNER"]);
    await writeEvent(ctx, tx, { type: "ORG_CREATED", orgId, actor: "certgate", target: orgId });
    await writeEvent(ctx, tx, { type: "GROUP_CREATED", orgId, projectId, actor: "certgate", target: projectName });
    await writeEvent(ctx, tx, { type: "API_KEY_CREATED", orgId, actor: "certgate", target: key.publicKey });
    return { initialized: true, orgId, projectId, publicKey: key.publicKey, privateKey: key.privateKey };
  });
}
