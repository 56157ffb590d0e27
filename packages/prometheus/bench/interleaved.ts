/**
 * Times synchronous cases against each other in one process: every round runs
 * each case for the same number of iterations, in rotating order, and a case's
 * figure is its median over rounds, so drift (JIT, GC, a busy neighbour) hits
 * every case alike.
 */
export interface Timed {
  readonly name: string;
  readonly opsPerSec: number;
}

export function interleaved(cases: Readonly<Record<string, (i: number) => void>>, options: { rounds: number; iterations: number }): Timed[] {
  const names = Object.keys(cases);
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      const fn = cases[name]!;
      const started = process.hrtime.bigint();
      for (let i = 0; i < options.iterations; i++) fn(i);
      const ns = Number(process.hrtime.bigint() - started);
      samples.get(name)!.push((options.iterations * 1e9) / ns);
    }
  }
  return names.map((name) => {
    const sorted = [...samples.get(name)!].sort((a, b) => a - b);
    return { name, opsPerSec: sorted[Math.floor(sorted.length / 2)]! };
  });
}
