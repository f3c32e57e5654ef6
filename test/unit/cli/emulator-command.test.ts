import { CommanderError } from "commander";
import { emulatorCommand } from "../../../cli/emulator-command";

/** Parses the flags as the CLI does; a command that starts serving instead is stopped and reported as such. */
async function refusal(args: string[]): Promise<string> {
  const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const command = emulatorCommand().exitOverride();
    const running = command.parseAsync(args, { from: "user" }).then(
      () => "started",
      (err: unknown) => err,
    );
    const started = new Promise<string>((resolve) => {
      const poll = setInterval(() => {
        if (write.mock.calls.length > 0) {
          clearInterval(poll);
          process.emit("SIGTERM");
          resolve("started");
        }
      }, 10);
      void running.then(() => clearInterval(poll));
    });
    const outcome = await Promise.race([running, started]);
    await running;
    if (!(outcome instanceof CommanderError)) return `accepted: ${String(outcome)}`;
    return outcome.message;
  } finally {
    write.mockRestore();
    stderr.mockRestore();
  }
}

describe("okta-provisioning emulator refuses numbers it cannot use, naming the flag", () => {
  it.each([
    [["--window-ms", "0"], /--window-ms must be a whole number of milliseconds, at least 1/],
    [["--window-ms", "-5"], /--window-ms must be a whole number of milliseconds, at least 1/],
    [["--window-ms", "1.5"], /--window-ms must be a whole number of milliseconds, at least 1/],
    [["--window-ms", "soon"], /--window-ms must be a whole number of milliseconds, at least 1/],
    [["--port", "70000"], /--port must be a port number from 0 to 65535/],
    [["--rate-limit", "-1"], /--rate-limit must be a whole number ≥ 0/],
    [["--orgs", "x"], /--orgs must be a whole number ≥ 0/],
  ])("%j", async (args, reason) => {
    expect(await refusal(args)).toMatch(reason);
  });

  it("still takes a window of 1 ms and more", async () => {
    expect(await refusal(["--window-ms", "1000", "--port", "0"])).toBe("accepted: started");
  });
});
