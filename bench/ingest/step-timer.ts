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

/** Wall and CPU seconds since the timer started and peak RSS (bytes): read before any untimed work. */
export function stopTimer(timer: StepTimer): { seconds: number; cpuSeconds: number; peakRssBytes: number; steps: Record<string, number>; stepsCpu: Record<string, number> } {
  return {
    seconds: (performance.now() - timer.started) / 1000,
    cpuSeconds: (cpuMicroseconds() - timer.startedCpu) / 1e6,
    // maxRSS is in kilobytes.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    steps: timer.steps,
    stepsCpu: timer.stepsCpu,
  };
}

/** Prints the child's result as one JSON line: the figures of {@link stopTimer} and `extra`. */
export function printResult(measured: ReturnType<typeof stopTimer>, extra: Record<string, unknown>): void {
  console.log(JSON.stringify({ ...measured, ...extra }));
}
