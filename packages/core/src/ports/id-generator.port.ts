/**
 * Unique identifiers, as a port, so tests can make them predictable.
 */
export interface IdGenerator {
  /**
   * Returns a new identifier, unique across processes and time, that sorts
   * roughly by creation time (e.g. a ULID or UUIDv7), prefixed with
   * `prefix + "_"` when a prefix is given (`msg_01J…`).
   */
  next(prefix?: string): string;
}
