import { type Result, err, invalid, ok, type ValidationError } from "@hexkit/core";

/**
 * Cursor pagination, newest first. A cursor names the last item of a page
 * by (createdAt, id), so pages stay stable while new items arrive; it is
 * opaque to clients (base64url).
 */
export interface PageRequest {
  /** 1–250. */
  readonly limit: number;
  readonly after: CursorPosition | null;
}

export interface CursorPosition {
  readonly createdAt: number;
  readonly id: string;
}

export interface Page<T> {
  readonly data: readonly T[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/** Encodes a position as an opaque cursor. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt}:${position.id}`).toString("base64url");
}

/** Decodes a cursor; a `ValidationError` on anything we did not make. */
export function decodeCursor(cursor: string): Result<CursorPosition, ValidationError> {
  const text = Buffer.from(cursor, "base64url").toString();
  const match = /^(\d+):(.+)$/.exec(text);
  if (!match?.[1] || !match[2]) return err(invalid(["cursor"], "Not a cursor this API returned"));
  return ok({ createdAt: Number(match[1]), id: match[2] });
}

/** Newest first: by createdAt descending, then id descending. */
export function newestFirst(a: CursorPosition, b: CursorPosition): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** True when `item` comes after `position` in newest-first order. */
export function isAfter(item: CursorPosition, position: CursorPosition): boolean {
  return newestFirst(item, position) > 0;
}

/**
 * Takes one page from items already filtered and sorted newest first: a
 * repository fetches `limit + 1` to know whether another page follows.
 */
export function toPage<T extends CursorPosition>(sorted: readonly T[], limit: number): Page<T> {
  const data = sorted.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: sorted.length > limit && last ? encodeCursor(last) : null };
}
