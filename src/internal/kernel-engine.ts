/**
 * The switch every WebAssembly SIMD kernel module shares: the kernels load lazily on first use, the
 * engine is 'simd' when they loaded and 'portable' (plain JS) otherwise, and benchmarks and tests can
 * pick either for the process. 'simd' stays 'portable' where this runtime has no SIMD.
 */

/** Which implementation a kernel module runs. */
export type KernelEngine = 'simd' | 'portable';

/** A module's engine switch; see the module doc. */
export interface KernelEngineSwitch<T> {
  /** The engine in use (loads the kernels on the first call). */
  engine(): KernelEngine;
  /** Chooses the engine for this process; returns the engine now in use. */
  use(choice: KernelEngine): KernelEngine;
  /** The SIMD kernels when the engine in use is 'simd', else undefined. */
  active(): T | undefined;
}

/** A switch over the kernels `load` returns (undefined when they cannot load here). */
export function createKernelEngineSwitch<T>(load: () => T | undefined): KernelEngineSwitch<T> {
  let kernels: T | undefined;
  let engine: KernelEngine | undefined;
  const current = (): KernelEngine => {
    if (engine === undefined) {
      kernels = load();
      engine = kernels === undefined ? 'portable' : 'simd';
    }
    return engine;
  };
  return {
    engine: current,
    use(choice) {
      current();
      engine = choice === 'simd' && kernels !== undefined ? 'simd' : 'portable';
      return engine;
    },
    active: () => (current() === 'simd' ? kernels : undefined),
  };
}
