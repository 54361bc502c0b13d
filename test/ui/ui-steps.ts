/** Steps several UI tests share, performed the way a person does them. */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";

/** Opens the UI, signs in, and waits for the organization's project list. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Projects" }).waitFor();
}

/** From anywhere signed in, opens a project page through the project list and the left navigation. */
export async function openProjectPage(page: Page, baseUrl: string, navLabel: "Clusters" | "Database Access" | "Advanced" | "Alerts"): Promise<void> {
  if (!(await page.getByRole("navigation", { name: "Project" }).isVisible())) {
    await page.goto(`${baseUrl}/`);
    await page.getByRole("link", { name: "Project0" }).click();
  }
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: navLabel }).click();
  await page.getByRole("heading", { level: 1, name: navLabel }).waitFor();
}

/** Calls the API from inside the page with the session cookie, as the UI's own code does. */
export async function fetchFromPage(
  page: Page,
  path: string,
  init: { method: string; body?: unknown; csrf: "session" | "none" },
): Promise<{ status: number; body: { errorCode?: string } & Record<string, unknown> }> {
  return page.evaluate(
    async ({ path, init }) => {
      const headers: Record<string, string> = { "Content-Type": "application/json", "X-Certgate-Client": "web-ui" };
      if (init.csrf === "session") {
        const me = (await (await fetch("/api/private/auth/me", { headers: { "X-Certgate-Client": "web-ui" } })).json()) as { csrfToken: string };
        headers["X-CSRF-Token"] = me.csrfToken;
      }
      const res = await fetch(path, { method: init.method, headers, credentials: "same-origin", body: init.body === undefined ? undefined : JSON.stringify(init.body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : {} };
    },
    { path, init },
  );
}

/** Asserts that no dialog is open any more. */
export async function assertNoDialog(page: Page): Promise<void> {
  await page.getByRole("dialog").waitFor({ state: "detached" });
  assert.equal(await page.getByRole("dialog").count(), 0);
}
