/** Timing and peak-memory reporting shared by the bench children. */

export interface StepTimer {
  step<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Wall seconds per step. */
  readonly steps: Record<string, number>;
  /** CPU seconds (user + system, all threads) per step. */
  readonly stepsCpu: Record<string, number>;
  readonly started: number;
  /** CPU microseconds (user + system) used by the process when the timer started. */
  readonly startedCpu: number;
}

function cpuMicroseconds(): number {
  const usage = process.resourceUsage();
  return usage.userCPUTime + usage.systemCPUTime;
}

/** Times named steps in wall and CPU seconds. */
export function createStepTimer(): StepTimer {
  const steps: Record<string, number> = {};
  const stepsCpu: Record<string, number> = {};
  return {
    steps,
    stepsCpu,
    started: performance.now(),
    startedCpu: cpuMicroseconds(),
    async step(name, work) {
      const started = performance.now();
      const startedCpu = cpuMicroseconds();
      const result = await work();
      steps[name] = (performance.now() - started) / 1000;
      stepsCpu[name] = (cpuMicroseconds() - startedCpu) / 1e6;
      return result;
    },
  };
}

/** Prints the child's result as one JSON line: wall and CPU seconds, peak RSS (bytes), per-step wall and CPU seconds and `extra`. */
export function printResult(timer: StepTimer, extra: Record<string, unknown>): void {
  const seconds = (performance.now() - timer.started) / 1000;
  // maxRSS is in kilobytes.
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const cpuSeconds = (cpuMicroseconds() - timer.startedCpu) / 1e6;
  console.log(JSON.stringify({ seconds, cpuSeconds, peakRssBytes, steps: timer.steps, stepsCpu: timer.stepsCpu, ...extra }));
}
