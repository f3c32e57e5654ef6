import * as fs from "node:fs";
import * as path from "node:path";
import type { PreviewOutput } from "../../../cli/review";

export const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "review");

/** A recorded `pulumi preview --refresh --json` output (see test/fixtures/review/record.ts). */
export function fixture(name: string): PreviewOutput {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as PreviewOutput;
}

export function fixturePath(name: string): string {
  return path.join(FIXTURES, `${name}.json`);
}
