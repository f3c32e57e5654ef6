/**
 * Text from Okta (an error summary, an app's label or name, an authorize link) is shown on people's terminals and in
 * Pulumi's output. A control character in it could move the cursor, recolour or clear the screen, forge a line of
 * output (a newline, then `error: …`), or, with Unicode's bidirectional controls, show text in another order than it
 * runs. Every such character is written as a visible escape (`\u001b`) instead.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const UNPRINTABLE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text with the same characters escaped: JSON.stringify escapes only U+0000–U+001F, and the others can stand
 * only inside strings, where `\uXXXX` means the same character to any JSON reader.
 */
export function printableJson(json: string): string {
  return json.replace(UNPRINTABLE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
