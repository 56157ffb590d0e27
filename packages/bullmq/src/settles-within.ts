/**
 * Waits for `promise` at most `ms` milliseconds: true if it settled (either
 * way) in time, false if the time ran out first. Never rejects; used to
 * bound every wait of a shutdown, since Redis calls may hang while it is down.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, ms);
  });
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    expired,
  ]);
  clearTimeout(timer);
  return settled;
}
