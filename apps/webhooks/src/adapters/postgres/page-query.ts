import { type CursorPosition, type Page, type PageRequest, toPage } from "../../domain/pagination.js";

/**
 * The SQL of one newest-first page on `(timeColumn, id)`: a row-value
 * comparison against the cursor (served by the `(…, time desc, id desc)`
 * indexes) and `limit + 1` rows, so `toPage` knows whether another follows.
 * `next` is the number of the first free `$n` placeholder.
 */
export function pageClause(
  timeColumn: string,
  page: PageRequest,
  next: number,
): { readonly where: string; readonly tail: string; readonly values: unknown[] } {
  const values: unknown[] = [];
  let where = "";
  if (page.after !== null) {
    where = ` and (${timeColumn}, id) < ($${next}, $${next + 1})`;
    values.push(page.after.createdAt, page.after.id);
    next += 2;
  }
  values.push(page.limit + 1);
  return { where, tail: ` order by ${timeColumn} desc, id desc limit $${next}`, values };
}

/** A page of items from rows already in newest-first order, keyed by `position`. */
export function pageOf<T>(items: readonly T[], limit: number, position: (item: T) => number): Page<T> {
  const keyed = items.map((item) => ({ item, createdAt: position(item), id: (item as { id: string }).id }) satisfies CursorPosition & { item: T });
  const taken = toPage(keyed, limit);
  return { data: taken.data.map((k) => k.item), nextCursor: taken.nextCursor };
}
