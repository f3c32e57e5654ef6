/** TypeScript object literals for generated code: identifiers unquoted, strings JSON-escaped, two-space indents. */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Code as-is inside a literal (e.g. `config.requireSecret("x")`), as opposed to a value to serialise. */
export class Code {
  constructor(readonly text: string) {}
}

export function code(text: string): Code {
  return new Code(text);
}

export function literal(value: unknown, indent = 0): string {
  if (value instanceof Code) return value.text;
  if (value === null) return "null";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[${value.map((v) => literal(v, indent)).join(", ")}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const pad = "  ".repeat(indent + 1);
    const lines = entries.map(
      ([k, v]) => `${pad}${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${literal(v, indent + 1)},`,
    );
    return `{\n${lines.join("\n")}\n${"  ".repeat(indent)}}`;
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error(`cannot write ${typeof value} into generated code`);
}

/** Text safe inside a `//` comment: one line, no control characters. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
}
