#!/usr/bin/env node
// `npm run acceptance:sweep`: removes what an acceptance run that was killed left in the org. Every app the suite
// creates has a label starting with the prefix in test/acceptance/labels.json; this finds them with Okta's label
// prefix search, deactivates the active ones and deletes them all (Okta deletes only inactive apps), and touches
// nothing else. The org and token: OKTA_ACCEPTANCE_ORG_URL and OKTA_ACCEPTANCE_API_TOKEN (a throwaway org).
// Exit codes: 0 swept (or nothing to sweep), 1 an error, 2 no org given.
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const { prefix } = require(path.join(root, "test", "acceptance", "labels.json"));

function clientModule() {
  try {
    return require(path.join(root, "dist", "provider", "client"));
  } catch {
    console.error("acceptance:sweep: the package is not built: run `npm run build` first");
    process.exit(1);
  }
}

async function main() {
  const orgUrl = (process.env.OKTA_ACCEPTANCE_ORG_URL ?? "").trim().replace(/\/+$/, "");
  const token = (process.env.OKTA_ACCEPTANCE_API_TOKEN ?? "").trim();
  if (!orgUrl || !token) {
    console.error(
      "acceptance:sweep: set OKTA_ACCEPTANCE_ORG_URL and OKTA_ACCEPTANCE_API_TOKEN to the org a killed run used " +
        "(runs on the emulator need no sweep: each starts a fresh one)",
    );
    process.exit(2);
  }
  const { createOktaClient } = clientModule();
  const client = createOktaClient({ url: orgUrl, auth: { kind: "apiToken", token } });

  const found = [];
  let query = { q: prefix, limit: "200" };
  while (query) {
    const res = await client.request({ method: "GET", path: "/api/v1/apps", query });
    // Okta's q also matches app names; only our labels count.
    found.push(...res.data.filter((app) => typeof app.label === "string" && app.label.startsWith(prefix)));
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.link ?? "")?.[1];
    query = next ? Object.fromEntries(new URL(next).searchParams) : undefined;
  }
  if (found.length === 0) {
    console.log(`acceptance:sweep: nothing labelled ${prefix}… in ${orgUrl}`);
    return;
  }
  let removed = 0;
  for (const app of found) {
    if (app.status === "ACTIVE") {
      await client.request({ method: "POST", path: `/api/v1/apps/${app.id}/lifecycle/deactivate` });
    }
    await client.request({ method: "DELETE", path: `/api/v1/apps/${app.id}` });
    removed++;
    console.log(`acceptance:sweep: deleted ${app.id} (${app.name}) "${app.label}"`);
  }
  console.log(
    `acceptance:sweep: removed ${removed} app${removed === 1 ? "" : "s"} labelled ${prefix}… from ${orgUrl}`,
  );
}

main().catch((err) => {
  console.error(`acceptance:sweep: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
