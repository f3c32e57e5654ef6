/**
 * Which connections an adoption takes, and the values it declares for them. Okta answers `DISABLED` for a
 * connection nobody configured, as it does for one configured and then turned off; only what it shows (a base
 * URL, a client id, a consent under way) tells them apart. Declaring a never-configured connection would make the
 * user invent a token for nothing, so such apps are skipped unless asked for (`includeDisabled`).
 */
import { isThreeLegged, PROVISIONING_APPS } from "../../provider/apps";
import type { ConnectionResponse } from "../../provider/okta-api";
import type { AdoptedConnection, ConfigValue } from "./model";

export type Classification = { adopt: AdoptedConnection } | { skip: string };

export function classifyConnection(
  appName: string,
  live: ConnectionResponse,
  includeDisabled: boolean,
): Classification {
  const scheme = live.profile?.authScheme;
  if (live.status === "UNKNOWN" || (scheme !== "TOKEN" && scheme !== "OAUTH2")) {
    return { skip: "cannot provision (Okta reports no provisioning connection for this app)" };
  }
  const known = PROVISIONING_APPS[appName];
  if (known && !known.schemes.includes(scheme)) {
    return { skip: `Okta reports a ${scheme} connection, which ${known.label} does not support` };
  }
  const connection: AdoptedConnection = {
    authScheme: scheme,
    enabled: live.status === "ENABLED",
    threeLegged: isThreeLegged(appName, scheme),
    ...(scheme === "TOKEN" && live.baseUrl ? { baseUrl: live.baseUrl } : {}),
    ...(scheme === "OAUTH2" && live.profile.clientId ? { clientId: live.profile.clientId } : {}),
    ...(scheme === "OAUTH2" && live.profile.signing ? { signing: live.profile.signing } : {}),
  };
  if (appName === "zscalerbyz" && !connection.baseUrl) {
    return { skip: "provisioning not configured (no SCIM base URL)" };
  }
  if (connection.enabled || includeDisabled) return { adopt: connection };
  const shows =
    connection.baseUrl !== undefined ||
    connection.clientId !== undefined ||
    (connection.threeLegged && live._links?.authorize?.href !== undefined);
  return shows
    ? { adopt: connection }
    : { skip: "provisioning not configured (connection disabled; --include-disabled adopts it anyway)" };
}

/** What the program must read from stack config for this connection, keys prefixed with the app's variable. */
export function configValues(
  variable: string,
  appName: string,
  label: string,
  connection: AdoptedConnection,
): ConfigValue[] {
  const values: ConfigValue[] = [];
  if (connection.authScheme === "TOKEN") {
    values.push({
      key: `${variable}Token`,
      property: "token",
      secret: true,
      what: `the API token ${label} accepts from Okta`,
    });
  }
  if (connection.authScheme === "OAUTH2" && appName === "okta_org2org" && connection.clientId === undefined) {
    values.push({
      key: `${variable}ClientId`,
      property: "clientId",
      secret: false,
      what: `the client id of the service app in the org ${label} provisions to`,
    });
  }
  if (appName === "office365" && connection.authScheme === "OAUTH2") {
    values.push(
      {
        key: `${variable}AdminUsername`,
        property: "settings.adminUsername",
        secret: false,
        what: `a global administrator of ${label}`,
      },
      {
        key: `${variable}AdminPassword`,
        property: "settings.adminPassword",
        secret: true,
        what: `that administrator's password`,
      },
    );
  }
  return values;
}
