/*
 * Pins the library's clock (src/core/clock.ts) for one test file, so its tests give the same answer on
 * any date. jest gives each test file its own module registry, so a pin never leaks into another file.
 */
import { pinClock, resetClock } from '../src/core/clock';

/**
 * Pins the clock to `at` now (describe bodies synthesize while jest collects the tests) and again
 * before each test (a test may move it); back to the machine's clock after the file.
 */
export function useFixedClock(at: string): Date {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) throw new Error(`useFixedClock: ${at} is not a date`);
  pinClock(instant);
  beforeEach(() => pinClock(instant));
  afterAll(() => resetClock());
  return instant;
}
