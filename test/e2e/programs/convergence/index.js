// The model's program state, declared through the SDK as a user's program would: the consent and the features take
// their app, org, `activate` and `profileRevision` from the connection themselves (test/model/program.ts mirrors this).
const fs = require("node:fs");
const path = require("node:path");
const { OAuthConsent, ProvisioningConnection, ProvisioningFeature } = require("pulumi-okta-provisioning");

const decls = JSON.parse(fs.readFileSync(path.join(__dirname, "program.json"), "utf8"));
const made = {};
for (const d of decls) {
  const opts = {
    retainOnDelete: d.retainOnDelete === true,
    dependsOn: (d.dependsOn || []).map((n) => made[n]),
  };
  if (d.kind === "ProvisioningConnection") {
    made[d.name] = new ProvisioningConnection(d.name, d.props, opts);
  } else if (d.kind === "OAuthConsent") {
    const connection = made[d.props.appId.ref];
    made[d.name] = new OAuthConsent(d.name, { connection, timeoutSeconds: d.props.timeoutSeconds }, opts);
  } else {
    const connection = made[d.props.appId.ref];
    const { name, capabilities, adopt } = d.props;
    made[d.name] = new ProvisioningFeature(d.name, { connection, name, capabilities, adopt }, opts);
  }
}
