// The bad-input corpus as one program: config `cases` is a JSON list of { name, resource, args }, each declared as
// the resource it names with exactly those inputs (JSON can say anything a program could, wrong types included).
// Tokens and passwords are made secrets, as a real program takes them from `config.requireSecret`.
const pulumi = require("@pulumi/pulumi");
const okta = require("pulumi-okta-provisioning");

const config = new pulumi.Config();
const cases = JSON.parse(config.require("cases"));

for (const c of cases) {
  const Resource = okta[c.resource];
  if (typeof Resource !== "function") throw new Error(`unknown resource ${c.resource}`);
  const args = { ...c.args };
  if (args.token !== undefined) args.token = pulumi.secret(args.token);
  if (args.settings && typeof args.settings === "object" && args.settings.adminPassword !== undefined)
    args.settings = { ...args.settings, adminPassword: pulumi.secret(args.settings.adminPassword) };
  new Resource(c.name, args);
}
