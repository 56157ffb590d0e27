/** How long one reading of the wall clock's offset is used before it is read again, in ms. */
const refreshAfterMs = 1000;

let offset = Date.now() - performance.now();
let readAt = performance.now();

/**
 * The wall-clock time (ms since the epoch) of `perfNow`, a reading of
 * `performance.now()`: the monotonic reading plus the wall clock's offset
 * from it, read again at most once a second.
 *
 * Why: a span needs a wall-clock start (to line up with other services)
 * and a monotonic duration (immune to clock steps), and on the VMs we
 * measure on (kvm-clock) one clock read costs 40–90 ns: reading both clocks
 * for every span was a tenth of a span's cost. A wall-clock step or slew shows in spans
 * within a second; the offset's own error is under 1 ms, the precision
 * `Date.now()` gives anyway.
 */
export function wallMillisAt(perfNow: number): number {
  if (perfNow - readAt >= refreshAfterMs || perfNow < readAt) {
    readAt = perfNow;
    offset = Date.now() - perfNow;
  }
  return perfNow + offset;
}
