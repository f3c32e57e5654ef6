import * as pulumi from "@pulumi/pulumi";
import * as packageRoot from "pulumi-okta-provisioning";

// A dynamic resource whose CRUD needs no server: enough to drive up, preview, refresh and destroy.
const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: { message: string }) {
    return { id: `echo-${inputs.message}`, outs: { message: inputs.message, length: inputs.message.length } };
  },
  async read(id: string, props: { message: string; length: number }) {
    return { id, props };
  },
  async diff(_id: string, olds: { message: string }, news: { message: string }) {
    return {
      changes: olds.message !== news.message,
      replaces: olds.message !== news.message ? ["message"] : [],
    };
  },
  async delete() {},
};

class Echo extends pulumi.dynamic.Resource {
  declare readonly length: pulumi.Output<number>;
  constructor(name: string, message: string) {
    super(echoProvider, name, { message, length: undefined }, {}, "okta-provisioning", "Echo");
  }
}

const config = new pulumi.Config();
const echo = new Echo("smoke", config.get("message") ?? "hello");
export const length = echo.length;
export const packageExports = Object.keys(packageRoot).sort();
