/**
 * The Pulumi import file (`pulumi import --file`) for what an adoption found: one entry per connection and feature,
 * by the plugin's type tokens and ids (`appId`, `appId/NAME`), so Pulumi's own import reads each resource through
 * the native provider and generates the code in the stack's language. Names are the generated program's, so both
 * formats of one org agree. The file holds no secret: Okta returns none, and credentials stay in the provider's
 * config or environment.
 */
import schema from "../../schema.json";
import { featureResourceName } from "./codegen";
import type { OrgScan } from "./model";

/** `pulumi:providers:okta-provisioning`: the type of an explicit provider instance of this package. */
export const PROVIDER_TYPE = `pulumi:providers:${schema.name}`;

function resourceType(resource: "ProvisioningConnection" | "ProvisioningFeature"): string {
  const token = `${schema.name}:index:${resource}`;
  // schema.json is the one source of the tokens; a renamed resource must not leave adopt writing the old one.
  if (!(token in schema.resources)) throw new Error(`schema.json has no resource ${token}`);
  return token;
}

export const CONNECTION_TYPE = resourceType("ProvisioningConnection");
export const FEATURE_TYPE = resourceType("ProvisioningFeature");

/** One entry of `resources`, in the field names `pulumi import --file` reads. */
export interface ImportSpec {
  type: string;
  name: string;
  /** Absent for a provider declared in the file: Pulumi creates it rather than reading it. */
  id?: string;
  /** The name of the provider entry (in this file) the resource is read through; absent: the default provider. */
  provider?: string;
  /** A provider entry's configuration. */
  inputs?: Record<string, unknown>;
}

export interface ImportFile {
  resources: ImportSpec[];
}

/** A provider name the file cannot use: the user picks another. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFileError";
  }
}

export interface ImportFileOptions {
  /**
   * Read through an explicit provider of this name, declared in the file with the org's URL, for an org that is not
   * the stack's default (`okta-provisioning:orgUrl`). Its credentials come from the environment (`OKTA_API_TOKEN`,
   * …) at import, and from its inputs in the generated code afterwards.
   */
  provider?: string;
}

/** Pulumi resource names: what `pulumi import` accepts as a name and turns into a program's identifier. */
export const RESOURCE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;

export function renderImportFile(scan: OrgScan, options: ImportFileOptions = {}): ImportFile {
  const via = options.provider;
  const resources: ImportSpec[] = [];
  if (via !== undefined) {
    const clash = scan.adopted.find(
      (a) => a.names.resource === via || a.features.some((f) => featureResourceName(a, f) === via),
    );
    // Pulumi resolves `provider` by name across the file: a resource of that name makes the reference ambiguous.
    if (clash)
      throw new ImportFileError(
        `--provider ${via}: a resource of the org is named that too; choose another provider name (nothing was written)`,
      );
    resources.push({ type: PROVIDER_TYPE, name: via, inputs: { orgUrl: scan.orgUrl } });
  }
  const through = via === undefined ? {} : { provider: via };
  for (const app of scan.adopted) {
    resources.push({ type: CONNECTION_TYPE, name: app.names.resource, id: app.app.id, ...through });
    for (const feature of app.features)
      resources.push({
        type: FEATURE_TYPE,
        name: featureResourceName(app, feature),
        id: `${app.app.id}/${feature.name}`,
        ...through,
      });
  }
  return { resources };
}

/** The file's text: indented as `pulumi import --preview-only --out` writes its own, with a final newline. */
export function importFileText(file: ImportFile): string {
  return `${JSON.stringify(file, null, 4)}\n`;
}

/** The connection inputs Okta never returns, so `pulumi import` cannot write them into the generated code. */
export function writeOnlyInputs(scan: OrgScan): Array<{ resource: string; property: string; what: string }> {
  return scan.adopted.flatMap((app) =>
    app.config.map((value) => ({ resource: app.names.resource, property: value.property, what: value.what })),
  );
}
