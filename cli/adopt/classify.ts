/**
 * Which connections an adoption takes, and the values it declares for them. Okta answers `DISABLED` for a
 * connection nobody configured, as it does for one configured and then turned off; only what it shows (a base
 * URL, a client id, a consent under way) tells them apart. Declaring a never-configured connection would make the
 * user invent a token for nothing, so such apps are skipped unless asked for (`includeDisabled`).
 */
import { appOf, isThreeLegged, requiredSettings, type AppSetting } from "../../provider/apps";
import { SECRET_INPUT_PATHS } from "../../provider/schema-tables";
import { connectionScheme, type ConnectionResponse } from "../../provider/okta-api";
import type { AdoptedConnection, ConfigValue } from "./model";

export type Classification = { adopt: AdoptedConnection } | { skip: string };

export function classifyConnection(
  appName: string,
  live: ConnectionResponse,
  includeDisabled: boolean,
): Classification {
  // A new Okta Org2Org connection answers its scheme at the top, with no profile (recorded): it can provision.
  const scheme = connectionScheme(live);
  if (live.status === "UNKNOWN" || (scheme !== "TOKEN" && scheme !== "OAUTH2")) {
    return { skip: "cannot provision (Okta reports no provisioning connection for this app)" };
  }
  const known = appOf(appName);
  if (known && !known.schemes.includes(scheme)) {
    return { skip: `Okta reports a ${scheme} connection, which ${known.label} does not support` };
  }
  const connection: AdoptedConnection = {
    authScheme: scheme,
    enabled: live.status === "ENABLED",
    threeLegged: isThreeLegged(appName, scheme),
    ...(scheme === "TOKEN" && live.baseUrl ? { baseUrl: live.baseUrl } : {}),
    ...(scheme === "OAUTH2" && live.profile?.clientId ? { clientId: live.profile.clientId } : {}),
    ...(scheme === "OAUTH2" && live.profile?.signing ? { signing: live.profile.signing } : {}),
  };
  for (const setting of requiredSettings(appName, scheme)) {
    if (setting.notConfiguredWithout && shownValue(appName, connection, setting) === undefined)
      return { skip: `provisioning not configured (${setting.notConfiguredWithout})` };
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

/** The value of one of `appName`'s settings as Okta showed it; none for a write-only one (Okta never returns it). */
function shownValue(appName: string, connection: AdoptedConnection, setting: AppSetting): unknown {
  if (appOf(appName)?.writeOnly.includes(setting.path)) return undefined;
  return (connection as unknown as Record<string, unknown>)[setting.path];
}

/** What the program must read from stack config for this connection, keys prefixed with the app's variable. */
export function configValues(
  variable: string,
  appName: string,
  label: string,
  connection: AdoptedConnection,
): ConfigValue[] {
  const values: ConfigValue[] = [];
  const secrets = SECRET_INPUT_PATHS.ProvisioningConnection;
  const ask = (path: string, what: string) => {
    const leaf = path.split(".").pop() as string;
    values.push({
      key: `${variable}${leaf[0].toUpperCase()}${leaf.slice(1)}`,
      property: path,
      secret: secrets.includes(path),
      what,
    });
  };
  if (connection.authScheme === "TOKEN") ask("token", `the API token ${label} accepts from Okta`);
  for (const setting of requiredSettings(appName, connection.authScheme)) {
    if (setting.ask && shownValue(appName, connection, setting) === undefined)
      ask(setting.path, setting.ask(label));
  }
  return values;
}
