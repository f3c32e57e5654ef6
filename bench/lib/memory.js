// Peak memory of the processes a Pulumi command starts, read from /proc while it runs (Linux only; elsewhere the
// figures stay null). VmHWM is each process's own high-water mark, so a sample now and then still sees the peak.
const fs = require("node:fs");

const ROLES = [
  // The native provider plugin (bench/plugin-bench.js): node running dist/plugin/main.js through its launcher.
  ["plugin", (cmd) => /plugin[/\\]main\.js\0/.test(cmd) || cmd.includes("pulumi-resource-okta-provisioning")],
  // The dynamic provider: the plugin launcher execs node on @pulumi/pulumi's cmd/dynamic-provider.
  ["provider", (cmd) => cmd.includes("dynamic-provider")],
  // The program: the language host runs node on @pulumi/pulumi's cmd/run.
  ["program", (cmd) => /cmd[/\\]run\b/.test(cmd) && !cmd.includes("dynamic-provider")],
  ["engine", (cmd) => /(^|\/)pulumi\0/.test(cmd)],
];

function readText(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function parentOf(pid) {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name in parentheses may contain spaces: the fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[1]);
}

function highWaterMarkBytes(pid) {
  const status = readText(`/proc/${pid}/status`);
  const match = status && /VmHWM:\s+(\d+)\s+kB/.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

function descendantsOf(root) {
  let pids;
  try {
    pids = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const children = new Map();
  for (const name of pids) {
    const pid = Number(name);
    const ppid = parentOf(pid);
    if (ppid === undefined) continue;
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  const out = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift();
    out.push(pid);
    queue.push(...(children.get(pid) || []));
  }
  return out;
}

/** Samples the process tree under `rootPid` every `intervalMs`; stop() answers peak bytes per role. */
function sampleMemory(rootPid, intervalMs = 250) {
  const peaks = { provider: null, program: null, engine: null };
  const supported = fs.existsSync("/proc/self/status");
  const sample = () => {
    if (!supported) return;
    for (const pid of descendantsOf(rootPid)) {
      const cmd = readText(`/proc/${pid}/cmdline`);
      if (!cmd) continue;
      const role = ROLES.find(([, matches]) => matches(cmd));
      if (!role) continue;
      const bytes = highWaterMarkBytes(pid);
      if (bytes !== undefined) peaks[role[0]] = Math.max(peaks[role[0]] ?? 0, bytes);
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    sample,
    stop() {
      clearInterval(timer);
      return { ...peaks };
    },
  };
}

module.exports = { sampleMemory };
