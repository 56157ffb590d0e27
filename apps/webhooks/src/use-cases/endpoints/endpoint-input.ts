/** The fields a client may set on an endpoint (create and update share them). */
export interface EndpointFields {
  readonly url?: string | undefined;
  readonly description?: string | undefined;
  /** `null` or absent subscribes to every event type. */
  readonly eventTypes?: readonly string[] | null | undefined;
  readonly rateLimitPerSecond?: number | null | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  readonly disabled?: boolean | undefined;
}
