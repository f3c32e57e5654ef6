/**
 * Wave scheduling, apart from Pulumi so it can be tested alone: waves in order, stacks in the order listed, up to
 * `parallel` at once, and a halt as soon as a wave has more failures than it tolerates. After a halt or a cancel
 * no stack starts; running ones are awaited, never abandoned.
 */
import { exceedsTolerance } from "./tolerance";

export interface ScheduledWave {
  name: string;
  stacks: string[];
  parallel: number;
  failureTolerance: number;
}

export interface ScheduleOptions {
  /** Aborted: no new stack starts (the runner is expected to cancel the running ones through the same signal). */
  signal?: AbortSignal;
  /**
   * Stacks with the same key never run at the same time: one Okta org has one rate limit, so two stacks on the
   * same org would only throttle each other. A later stack of another org may start first.
   */
  keyOf?: (stack: string) => string | undefined;
  onWaveStart?: (wave: ScheduledWave) => void;
  onWaveDone?: (wave: ScheduledWave, failed: number) => void;
  onHalt?: (wave: ScheduledWave, failed: number) => void;
}

export type Scheduled<T> = { started: true; outcome: T } | { started: false };

export interface ScheduleResult<T> {
  /** Per wave, per stack in plan order. */
  waves: Array<{ name: string; stacks: Array<{ stack: string } & Scheduled<T>> }>;
  halted: boolean;
  cancelled: boolean;
}

export async function runWaves<T>(
  waves: ScheduledWave[],
  runStack: (wave: ScheduledWave, stack: string) => Promise<T>,
  isFailure: (outcome: T) => boolean,
  options: ScheduleOptions = {},
): Promise<ScheduleResult<T>> {
  const result: ScheduleResult<T> = { waves: [], halted: false, cancelled: false };
  const stopped = () => result.halted || Boolean(options.signal?.aborted);

  for (const wave of waves) {
    const outcomes = new Map<string, T>();
    result.waves.push({ name: wave.name, stacks: [] });
    if (!stopped()) {
      options.onWaveStart?.(wave);
      let failed = 0;
      const queue = [...wave.stacks];
      const running = new Set<Promise<void>>();
      const busy = new Set<string>();
      const parallel = Math.max(1, wave.parallel);
      for (;;) {
        if (!stopped()) {
          for (let i = 0; i < queue.length && running.size < parallel;) {
            const stack = queue[i] as string;
            const key = options.keyOf?.(stack);
            if (key !== undefined && busy.has(key)) {
              i++;
              continue;
            }
            queue.splice(i, 1);
            if (key !== undefined) busy.add(key);
            const task: Promise<void> = runStack(wave, stack).then((outcome) => {
              outcomes.set(stack, outcome);
              running.delete(task);
              if (key !== undefined) busy.delete(key);
              if (isFailure(outcome)) {
                failed++;
                if (exceedsTolerance(failed, wave.failureTolerance) && !result.halted) {
                  result.halted = true;
                  options.onHalt?.(wave, failed);
                }
              }
            });
            running.add(task);
          }
        }
        if (running.size === 0) break;
        await Promise.race(running);
      }
      if (!result.halted || outcomes.size > 0) options.onWaveDone?.(wave, failed);
    }
    const entry = result.waves[result.waves.length - 1];
    for (const stack of wave.stacks) {
      const outcome = outcomes.get(stack);
      entry?.stacks.push(
        outcomes.has(stack) ? { stack, started: true, outcome: outcome as T } : { stack, started: false },
      );
    }
  }
  result.cancelled = Boolean(options.signal?.aborted);
  return result;
}
