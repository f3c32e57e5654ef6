/**
 * The property, as a test (issue 18): random sequences of program states over every app kind and scheme,
 * interleaved with an admin's changes and faults, driven through the providers the way the engine drives them.
 * After every up the org equals the program, a refreshed preview is empty, and the state equals the org.
 *
 * MODEL_RUNS (sequences, default 1000), MODEL_SEED (default: fast-check's random seed, printed) and
 * MODEL_MAX_COMMANDS (default 6) tune it. A failure prints the shrunk sequence and the seed to replay it.
 */
import fc from "fast-check";
import { commands, runSequence } from "./sequences";

jest.setTimeout(1_800_000);

const RUNS = Number(process.env.MODEL_RUNS ?? 1000);
const SEED = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : Date.now() % 2 ** 31;
const MAX_COMMANDS = Number(process.env.MODEL_MAX_COMMANDS ?? 6);

/** The providers narrate on stderr (the consent's URL and countdown); thousands of sequences need quiet. */
function quietStderr(): () => void {
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = String(chunk);
    if (/^(OAuthConsent|  |ProvisioningFeature)/.test(text)) return true;
    return (write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  return () => {
    process.stderr.write = write;
  };
}

it("converges: after every up the org equals the program, a refreshed preview is empty, state equals the org", async () => {
  const restore = quietStderr();
  const figures = { sequences: 0, steps: 0 };
  const started = Date.now();
  try {
    await fc.assert(
      fc.asyncProperty(commands(undefined, MAX_COMMANDS), async (cmds) => {
        figures.sequences++;
        await runSequence(cmds, figures);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false, verbose: 1 },
    );
  } finally {
    restore();
    process.stderr.write(
      `\nmodel convergence | ${figures.sequences} sequences, ${figures.steps} steps (ups, faulty ups, admin changes), ` +
        `seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
});
