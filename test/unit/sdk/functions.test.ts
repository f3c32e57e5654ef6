/**
 * The dynamic door's TypeScript functions as a program uses them: a Promise the program exports is settled by Pulumi
 * only when it reads the stack's outputs, later than Node's check for unhandled rejections.
 */
import { getProvisioningConnection } from "../../../sdk";

it("a refused call exported as it is fails the program with its message, and Node warns of no late handler", async () => {
  const late: unknown[] = [];
  const onLate = (promise: unknown) => late.push(promise);
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("rejectionHandled", onLate);
  process.on("unhandledRejection", onUnhandled);
  try {
    const exported = getProvisioningConnection({ appId: "not-an-app-id" });
    // Pulumi reads the stack's outputs after the program has run: well after this rejection.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const err = (await exported.catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/^getProvisioningConnection: appId: /);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(unhandled).toEqual([]);
    expect(late).toEqual([]);
  } finally {
    process.off("rejectionHandled", onLate);
    process.off("unhandledRejection", onUnhandled);
  }
});
