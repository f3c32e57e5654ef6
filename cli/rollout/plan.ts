/**
 * The plan file: read (YAML or JSON), checked against a schema with ajv, and refused with the field named before
 * anything runs. Whether its stacks exist is checked against the backend later (see stacks.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { type ErrorObject } from "ajv";
import { parse } from "yaml";
import { CliError } from "../errors";
import type { RolloutPlan } from "./types";

/** Pulumi's stack names: letters, digits, `-`, `_`, `.`, optionally `org/project/` qualified. */
const STACK_NAME = "^([A-Za-z0-9_.-]+/){0,2}[A-Za-z0-9_.-]+$";

export const PLAN_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["program", "waves"],
  properties: {
    program: { type: "string", minLength: 1 },
    waves: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "stacks"],
        properties: {
          name: { type: "string", minLength: 1 },
          stacks: { type: "array", minItems: 1, items: { type: "string", pattern: STACK_NAME } },
          parallel: { type: "integer", minimum: 1 },
          failureTolerance: { type: "integer", minimum: 0 },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(PLAN_SCHEMA);

/** `waves[1].parallel` from ajv's `/waves/1/parallel`. */
function fieldOf(e: ErrorObject): string {
  const base = e.instancePath
    .split("/")
    .filter(Boolean)
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), "");
  if (e.keyword === "additionalProperties") {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    return base ? `${base}.${key}` : key;
  }
  if (e.keyword === "required") {
    const key = (e.params as { missingProperty: string }).missingProperty;
    return base ? `${base}.${key}` : key;
  }
  return base || "(plan)";
}

function describe(e: ErrorObject): string {
  const field = fieldOf(e);
  switch (e.keyword) {
    case "additionalProperties":
      return `unknown key "${field}" (a plan has program and waves; a wave has name, stacks, parallel, failureTolerance)`;
    case "required":
      return `"${field}" is required`;
    case "pattern":
      return `${field} is not a stack name`;
    case "minimum":
      return `${field} must be at least ${(e.params as { limit: number }).limit}`;
    case "minItems":
      return `${field} must not be empty`;
    default:
      return `${field} ${e.message ?? "is invalid"}`;
  }
}

/**
 * Checks a parsed plan; `baseDir` resolves a relative `program`. Throws a CliError naming every field or stack
 * that is wrong.
 */
export function validatePlan(input: unknown, baseDir: string, source = "the plan"): RolloutPlan {
  if (!validate(input)) {
    const problems = [...new Set((validate.errors ?? []).map(describe))];
    throw new CliError(`${source} is invalid: ${problems.join("; ")}`);
  }
  const plan = input as RolloutPlan;
  const seen = new Map<string, string>();
  const twice: string[] = [];
  const waveNames = new Set<string>();
  for (const wave of plan.waves) {
    if (waveNames.has(wave.name))
      throw new CliError(`${source} is invalid: wave name "${wave.name}" is used twice`);
    waveNames.add(wave.name);
    for (const stack of wave.stacks) {
      const first = seen.get(stack);
      if (first !== undefined)
        twice.push(`stack "${stack}" is listed twice (waves "${first}" and "${wave.name}")`);
      else seen.set(stack, wave.name);
    }
  }
  if (twice.length > 0) throw new CliError(`${source} is invalid: ${twice.join("; ")}`);
  return {
    program: path.resolve(baseDir, plan.program),
    waves: plan.waves.map((w) => ({ ...w })),
    source,
  };
}

/** Reads and checks a plan file (YAML or JSON; JSON is YAML). */
/** A failed read in words: "no such file", not ENOENT. */
function readProblem(err: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    ENOENT: "no such file",
    EACCES: "permission denied",
    EISDIR: "it is a directory",
  };
  return (err.code && words[err.code]) ?? err.code ?? "read failed";
}

export function loadPlan(file: string): RolloutPlan {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(`cannot read the plan ${file}: ${readProblem(err as NodeJS.ErrnoException)}`);
  }
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    throw new CliError(`the plan ${file} is not YAML: ${first}`);
  }
  const plan = validatePlan(parsed, path.dirname(path.resolve(file)), `the plan ${file}`);
  if (
    !fs.existsSync(path.join(plan.program, "Pulumi.yaml")) &&
    !fs.existsSync(path.join(plan.program, "Pulumi.yml"))
  )
    throw new CliError(`the plan ${file} is invalid: program ${plan.program} has no Pulumi.yaml`);
  return plan;
}
