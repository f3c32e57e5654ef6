/**
 * Searching for secrets wherever they could leak: command output, state, logs, error messages, files. A secret
 * counts as found in any of the forms it could be written in: as is, JSON-escaped, base64 or URL-encoded.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface Hit {
  secret: string;
  place: string;
}

function formsOf(secret: string): string[] {
  const forms = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString("base64"),
    Buffer.from(secret).toString("base64url"),
    encodeURIComponent(secret),
  ]);
  // A PEM key also leaks by any line of its body.
  for (const line of secret.split("\n")) if (line.length >= 40 && !line.startsWith("-----")) forms.add(line);
  return [...forms].filter((f) => f.length >= 8);
}

/** Every (secret, place) where a form of the secret occurs. */
export function findSecrets(secrets: Record<string, string>, places: Record<string, string>): Hit[] {
  const hits: Hit[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    const forms = formsOf(secret);
    for (const [place, text] of Object.entries(places)) {
      if (forms.some((f) => text.includes(f))) hits.push({ secret: name, place });
    }
  }
  return hits;
}

/** The text of every regular file under `dir` (symlinks, such as a program's node_modules, are not followed). */
export function filesUnder(dir: string, label = dir): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(out, filesUnder(full, label));
    else if (entry.isFile() && fs.statSync(full).size < 256 * 1024 * 1024) {
      out[`file ${path.relative(label, full)}`] = fs.readFileSync(full, "latin1");
    }
  }
  return out;
}

// The engine's own -v=9 trace of gRPC payloads ("Marshaling property for RPC[…]: value={…}") prints every property
// in clear, secrets included: Pulumi's behaviour at that verbosity, outside anything a provider can influence.
const ENGINE_RPC_TRACE = /(Un)?[Mm]arshaling property for RPC\[/;

/** Splits text into the engine's RPC trace lines and everything else. */
export function withoutEngineTrace(text: string): { rest: string; trace: string } {
  const rest: string[] = [];
  const trace: string[] = [];
  for (const line of text.split("\n")) (ENGINE_RPC_TRACE.test(line) ? trace : rest).push(line);
  return { rest: rest.join("\n"), trace: trace.join("\n") };
}
