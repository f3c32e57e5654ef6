/**
 * `POST /api/v1/apps` bodies for the integration-network apps the suite needs, as Okta documents them: the
 * `x-okta-defined-as` schemas of the management spec (ZscalerbyzApplication, Org2OrgApplication, GoogleApplication)
 * and their examples, and the Org2Org example of the Apps API reference and the guide "Secure API connections
 * between orgs with OAuth 2.0" (`settings.app.baseUrl` = the target org).
 */
export type OinAppName = "zscalerbyz" | "okta_org2org" | "google";

export interface AppCreateBody {
  name: OinAppName;
  label: string;
  signOnMode: "SAML_2_0";
  settings: { app: Record<string, string> };
}

export function zscalerApp(label: string): AppCreateBody {
  return { name: "zscalerbyz", label, signOnMode: "SAML_2_0", settings: { app: { siteDomain: "example" } } };
}

/** An Org2Org app whose target (hub) org is `targetOrgUrl`: the org itself for a self-contained test. */
export function org2orgApp(label: string, targetOrgUrl: string): AppCreateBody {
  const host = new URL(targetOrgUrl).host;
  return {
    name: "okta_org2org",
    label,
    signOnMode: "SAML_2_0",
    settings: {
      app: {
        acsUrl: `https://${host}/sso/saml2/exampleid`,
        audRestriction: "https://www.okta.com/saml2/service-provider/exampleid",
        baseUrl: targetOrgUrl,
      },
    },
  };
}

export function googleApp(label: string, domain = "my-company-domain"): AppCreateBody {
  return { name: "google", label, signOnMode: "SAML_2_0", settings: { app: { domain } } };
}
