/** The generated project's files besides the program: Pulumi.yaml, package.json, tsconfig.json, .gitignore. */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageRoot } from "../package-info";

interface OwnPackage {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function ownPackage(): OwnPackage {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as OwnPackage;
}

/** Pulumi's project names: letters, digits, `-`, `_`, `.`; at most 100. */
export const PROJECT_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function pulumiYaml(project: string, orgUrl: string): string {
  return [
    `name: ${JSON.stringify(project)}`,
    "runtime: nodejs",
    `description: ${JSON.stringify(`Okta app provisioning of ${orgUrl}, adopted by okta-provisioning adopt`)}`,
    "",
  ].join("\n");
}

/** This package and @pulumi/pulumi pinned to the versions it was built and tested with. */
export function packageJson(project: string): string {
  const own = ownPackage();
  const pin = (name: string) => own.dependencies?.[name] ?? own.devDependencies?.[name];
  const dev = Object.fromEntries(
    ["typescript", "@types/node"].flatMap((n) => (pin(n) ? [[n, pin(n) as string]] : [])),
  );
  return `${JSON.stringify(
    {
      name: project.toLowerCase().replace(/[^a-z0-9._-]/g, "-"),
      private: true,
      main: "index.ts",
      dependencies: { "@pulumi/pulumi": pin("@pulumi/pulumi"), [own.name]: own.version },
      devDependencies: dev,
    },
    null,
    2,
  )}\n`;
}

export function tsconfigJson(): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "commonjs",
        moduleResolution: "node",
        esModuleInterop: true,
        skipLibCheck: true,
      },
      files: ["index.ts"],
    },
    null,
    2,
  )}\n`;
}

export const GITIGNORE = "node_modules/\n";
