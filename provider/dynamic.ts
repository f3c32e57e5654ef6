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
  ): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace?: boolean }>;
  create(inputs: I): Promise<{ id: string; outs: O }>;
  /** An empty `id` tells Pulumi the resource no longer exists. */
  read(id: string, props: O): Promise<{ id: string; props: O | Record<string, never>; inputs?: I }>;
  update(id: string, olds: O, news: I): Promise<{ outs: O }>;
  delete(id: string, props: O): Promise<void>;
}
