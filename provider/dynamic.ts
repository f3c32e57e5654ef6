/**
 * The shape of our resources' CRUD as Pulumi's dynamic-provider host calls it, typed precisely: `read` may return
 * the inputs that a refresh should record (so drift shows as a diff of inputs), which Pulumi's own generic types
 * cannot express when inputs and outputs differ.
 */
import type { CheckFailure } from "./validation";

export interface DynamicProvider<I, O> {
  check(olds: I | undefined, news: I): Promise<{ inputs: I; failures: CheckFailure[] }>;
  diff(
    id: string,
    olds: O,
    news: I,
  ): Promise<{
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace?: boolean;
    /**
     * The properties that differ (dotted paths, such as `capabilities.update.profile.status`): the native plugin
     * hands them to the engine as its detailed diff. The dynamic-provider host ignores them.
     */
    diffs?: string[];
  }>;
  create(inputs: I): Promise<{ id: string; outs: O }>;
  /** An empty `id` tells Pulumi the resource no longer exists. */
  read(id: string, props: O): Promise<{ id: string; props: O | Record<string, never>; inputs?: I }>;
  update(id: string, olds: O, news: I): Promise<{ outs: O }>;
  /**
   * `pulumi import` through the native plugin: the engine sends only the id, so the resource is read from Okta
   * alone. The id may name a named org (`<alias>:<id>`, import-id.ts). Answers the resource's own id, and the
   * outputs and the inputs a program would declare for what Okta has. (Dynamic resources cannot be imported:
   * pulumi/pulumi#16175.)
   */
  import?(id: string): Promise<{ id: string; props: O; inputs: I }>;
  delete(id: string, props: O): Promise<void>;
  /**
   * The outputs a preview shows, without calling Okta: of a create (`olds` undefined) or an update. An output the
   * change can move is Pulumi's unknown (`UNKNOWN`), so a program or a reviewer never reads the old value as the
   * new one. The native plugin answers its previews with it; the dynamic-provider host previews on its own.
   */
  preview?(olds: O | undefined, news: I): O;
}
