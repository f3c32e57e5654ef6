/**
 * The Pulumi import file (`pulumi import --file`) for what an adoption found: one entry per connection and feature,
 * by the plugin's type tokens and ids (`appId`, `appId/NAME`), so Pulumi's own import reads each resource through
 * the native provider and generates the code in the stack's language. Names are the generated program's, so both
 * formats of one org agree. The file holds no secret: Okta returns none, and credentials stay in the provider's
 * config or environment.
 */
import schema from "../../schema.json";
import { importIdOf, parseImportId } from "../../provider/import-id";
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
  id: string;
  /** The `nameTable` name of the provider the resource is read through; absent: the stack's default provider. */
  provider?: string;
}

export interface ImportFile {
  /** Names the resources refer to → URNs of resources already in the stack (here: an explicit provider). */
  nameTable?: Record<string, string>;
  resources: ImportSpec[];
}

/** A provider the file cannot use: the user picks another. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFileError";
  }
}

/** An explicit provider of this package already in the stack, by the name the generated code will use. */
export interface ProviderRef {
  name: string;
  urn: string;
}

export interface ImportFileOptions {
  /**
   * Read through this explicit provider (for an org that is not the stack's default). It must be in the stack
   * already: Pulumi CLI v3.276.0 imports through a provider declared in the file itself but then fails to generate
   * the code (`parse resource provider reference: expected '::'`), so the file refers to an existing one by URN, as
   * `pulumi import --provider name=urn` does.
   */
  provider?: ProviderRef;
  /**
   * The alias the provider's config gives this org (`okta-provisioning:orgs.<alias>`): the ids are written as
   * `<alias>:<id>` (provider/import-id.ts), which the provider reads from that named org, and the generated code
   * says `org: <alias>`.
   */
  org?: string;
}

/** Pulumi resource names: what `pulumi import` accepts as a name and turns into a program's identifier. */
export const RESOURCE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;

/**
 * The name of the provider instance of this package a URN names (`urn:pulumi:STACK::PROJECT::TYPE::NAME`, the type
 * qualified by a parent's as `PARENT$TYPE` when it has one); undefined for any other URN.
 */
function providerNameOf(urn: string): string | undefined {
  const parts = urn.split("::");
  if (!urn.startsWith("urn:pulumi:") || parts.length < 4) return undefined;
  if (parts[2].split("$").pop() !== PROVIDER_TYPE) return undefined;
  return parts.slice(3).join("::") || undefined;
}

/**
 * `--provider`'s value, `NAME=URN` as `pulumi import --provider` takes it, or the URN alone (the name is then the
 * provider's own); a one-line reason when it is not one.
 */
export function parseProviderRef(value: string): ProviderRef | string {
  const eq = value.indexOf("=");
  const [name, urn] =
    eq > 0 && !value.startsWith("urn:") ? [value.slice(0, eq), value.slice(eq + 1)] : [undefined, value];
  const own = providerNameOf(urn);
  if (own === undefined)
    return (
      `the URN of a ${PROVIDER_TYPE} resource in the stack, optionally as NAME=URN ` +
      "(`pulumi stack --show-urns` lists them; declare the provider in the program and `pulumi up` first)"
    );
  const chosen = name ?? own;
  if (!RESOURCE_NAME.test(chosen))
    return `"${chosen}" is not a name the generated code can use: letters, digits, - and _`;
  return { name: chosen, urn };
}

export function renderImportFile(scan: OrgScan, options: ImportFileOptions = {}): ImportFile {
  const via = options.provider;
  if (via !== undefined) {
    const clash = scan.adopted.find(
      (a) => a.names.resource === via.name || a.features.some((f) => featureResourceName(a, f) === via.name),
    );
    // Pulumi resolves `provider` by name across the file: a resource of that name would take its place.
    if (clash)
      throw new ImportFileError(
        `--provider ${via.name}: a resource of the org is named that too; choose another name with NAME=URN (nothing was written)`,
      );
  }
  const through = via === undefined ? {} : { provider: via.name };
  const org = options.org;
  if (org !== undefined) {
    try {
      parseImportId(importIdOf("x", org));
    } catch (err) {
      throw new ImportFileError(
        `--org ${org.slice(0, 64)}: ${(err as Error).message.replace(/^the id "[^"]*" /, "")}`,
      );
    }
  }
  const resources: ImportSpec[] = [];
  for (const app of scan.adopted) {
    resources.push({
      type: CONNECTION_TYPE,
      name: app.names.resource,
      id: importIdOf(app.app.id, org),
      ...through,
    });
    for (const feature of app.features)
      resources.push({
        type: FEATURE_TYPE,
        name: featureResourceName(app, feature),
        id: importIdOf(`${app.app.id}/${feature.name}`, org),
        ...through,
      });
  }
  return via === undefined ? { resources } : { nameTable: { [via.name]: via.urn }, resources };
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
