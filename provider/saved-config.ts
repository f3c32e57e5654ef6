/**
 * Pulumi configures a dynamic provider for `pulumi refresh`, `pulumi destroy` and the refresh half of
 * `preview --refresh` / `up --refresh` with the copy of the stack config it saved in state at the last update, not
 * with the config as it is now — unless the command is given `--run-program` (Pulumi 3.160 and later). So a token
 * fixed in config after a failed `up` is not what those commands send, and "set a new token" is the wrong advice
 * there: when Okta refuses the credentials of a read or a delete, the error says so, and what to run once.
 */
import { OktaApiError } from "./client";
import { asResource } from "./errors";
import { configuredByDynamicHost } from "./runtime";

export const SAVED_CONFIG_HINT =
  "If you changed the credentials since the last `pulumi up`: `pulumi refresh`, `pulumi destroy` and " +
  "`pulumi preview --refresh` use the copy of the stack config Pulumi saved then, not the current one. Run " +
  "`pulumi refresh --run-program` once (it saves the current config), or add `--run-program` to those commands.";

/** Okta refused the credentials themselves (not a permission): a 401, or the token endpoint refusing a service app. */
export function isCredentialRefusal(err: unknown): err is OktaApiError {
  return (
    err instanceof OktaApiError && (err.status === 401 || (err.operation === "token" && err.status < 500))
  );
}

/** Runs a read or a delete; a refusal of the credentials gains the hint above. */
export async function withSavedConfigHint<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (isCredentialRefusal(err) && configuredByDynamicHost()) throw new OktaApiErrorWithHint(err);
    throw err;
  }
}

/** The same error, its message ending with the hint (the fields stay for code that branches on them). */
class OktaApiErrorWithHint extends OktaApiError {
  constructor(err: OktaApiError) {
    super(`${err.message} ${SAVED_CONFIG_HINT}`, {
      status: err.status,
      body: {
        errorCode: err.errorCode,
        errorSummary: err.errorSummary,
        errorCauses: err.errorCauses,
        errorId: err.errorId,
      },
      requestId: err.requestId,
      operation: err.operation,
      method: err.method,
      path: err.path,
    });
  }
}

/** asResource for a read or a delete, which run on the saved config when Pulumi does not run the program. */
export function asSavedConfigResource<T>(resource: string, operation: () => Promise<T>): Promise<T> {
  return asResource(resource, () => withSavedConfigHint(operation));
}
