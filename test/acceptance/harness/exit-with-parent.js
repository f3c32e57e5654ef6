// Preloaded (node --require) into the emulator process the acceptance suite starts. The suite holds the other end
// of this process's stdin: when the suite ends, however it ends (even SIGKILL), stdin closes and the emulator stops
// as it does on Ctrl-C, so no server outlives the run that started it.
process.stdin.on("end", () => process.kill(process.pid, "SIGTERM"));
process.stdin.on("error", () => process.kill(process.pid, "SIGTERM"));
process.stdin.resume();
// Stdin alone must not keep the process alive once the emulator has stopped.
process.stdin.unref();
