import type { Labels } from "@hexkit/core";

/**
 * The label sets of RED metrics, one frozen object per method, route and
 * status, made once: a record passes the same object every time (no
 * allocation, and an adapter may key its own caches on it). Bounded: routes
 * are templates, Node's parser knows a fixed set of methods, statuses are
 * three digits.
 */
export class LabelSets {
  readonly #sets = new Map<string, Map<string, Map<number, Labels>>>();

  get(method: string, route: string, status: number): Labels {
    let byRoute = this.#sets.get(route);
    if (byRoute === undefined) this.#sets.set(route, (byRoute = new Map<string, Map<number, Labels>>()));
    let byStatus = byRoute.get(method);
    if (byStatus === undefined) byRoute.set(method, (byStatus = new Map<number, Labels>()));
    let labels = byStatus.get(status);
    if (labels === undefined) byStatus.set(status, (labels = Object.freeze({ method, route, status })));
    return labels;
  }
}
