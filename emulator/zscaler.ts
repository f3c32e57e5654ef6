/**
 * Emulated Zscaler 2.0 SCIM tenants: the other side of a `zscalerbyz` TOKEN connection. Okta verifies a connection's
 * token against the tenant before it keeps it (assumed for Zscaler, from the Org2Org refusal Okta's CI expects), so a
 * Zscaler connection to the emulator needs a base URL and a token that one of these tenants issued — printed by
 * `okta-provisioning emulator` beside the orgs' API tokens, as real ones come from Zscaler's admin portal.
 *
 * A tenant lives on the first org's port under the reserved `/__thirdparty/` prefix and answers SCIM's
 * `GET …/scim/Users` with its bearer token (an empty list), so a person can see it is there.
 */
import type { FastifyInstance } from "fastify";
import { randomInt } from "node:crypto";
import { apiTokenValue } from "./ids";

export interface ZscalerTenantRecord {
  /** The tenant's id, in its SCIM base URL (Zscaler's contain a numeric id too). */
  id: string;
  /** The SCIM bearer tokens it has issued (never logged). */
  tokens: string[];
}

/** What the emulator prints and hands tests: where the tenant is, and a token it accepts. */
export interface ZscalerTenant {
  baseUrl: string;
  token: string;
}

export function newZscalerTenant(): ZscalerTenantRecord {
  return { id: String(randomInt(1_000_000, 10_000_000)), tokens: [apiTokenValue()] };
}

export function zscalerBaseUrl(hostUrl: string, tenant: ZscalerTenantRecord): string {
  return `${hostUrl}/__thirdparty/zscalerbyz/${tenant.id}/scim`;
}

/** The tenant a SCIM base URL names on this emulator (trailing slashes aside), if any. */
export function tenantAt(
  hostUrl: string,
  tenants: readonly ZscalerTenantRecord[],
  url: string,
): ZscalerTenantRecord | undefined {
  const wanted = url.replace(/\/+$/, "");
  return tenants.find((t) => zscalerBaseUrl(hostUrl, t) === wanted);
}

export function zscalerRoutes(server: FastifyInstance, tenants: () => readonly ZscalerTenantRecord[]): void {
  server.get("/__thirdparty/zscalerbyz/:tenant/scim/Users", async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    const found = tenants().find((t) => t.id === tenant);
    if (!found)
      return reply
        .status(404)
        .send({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404" });
    const [kind, token] = (request.headers.authorization ?? "").split(/\s+/, 2);
    if (kind !== "Bearer" || !token || !found.tokens.includes(token)) {
      return reply.status(401).send({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "401",
        detail: "Unauthorized",
      });
    }
    return reply.send({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 0,
      Resources: [],
    });
  });
}
