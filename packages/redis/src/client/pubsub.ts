import type { Logger } from "@hexkit/core";
import type { Cluster, Redis } from "ioredis";

/** What a subscriber to one channel is told. */
export interface ChannelListener {
  /** A message published on the channel. Must not throw (a throw is caught and logged). */
  onMessage(message: string): void;
  /**
   * The subscription is confirmed by the server: from now on every message
   * published on the channel reaches `onMessage` until `onInactive`.
   */
  onActive?(): void;
  /** The subscriber connection dropped: messages published from now on may be lost. */
  onInactive?(): void;
}

/**
 * One subscriber connection shared by every adapter of a client, created on
 * first use. It resubscribes by itself after each reconnect and tells
 * listeners when delivery is guaranteed (active) and when messages may have
 * been lost (inactive), so caches that rely on invalidation messages can stop
 * trusting local copies in between.
 */
export class PubSub {
  private connection: Redis | Cluster | undefined;
  private readonly listeners = new Map<string, Set<ChannelListener>>();
  private active = false;
  private closed = false;

  constructor(
    private readonly create: () => Redis | Cluster,
    private readonly logger: Logger | undefined,
    private readonly name: string,
  ) {}

  /** True while the subscriber connection is up and its subscriptions are confirmed. */
  isActive(): boolean {
    return this.active;
  }

  /** Adds a listener to `channel`; returns a function that removes it (idempotent). */
  subscribe(channel: string, listener: ChannelListener): () => void {
    if (this.closed) return () => undefined;
    let set = this.listeners.get(channel);
    const isNew = set === undefined;
    if (set === undefined) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    const connection = this.ensureConnection();
    if (isNew && connection.status === "ready") this.subscribeChannels([channel], connection);
    else if (!isNew && this.active) {
      this.safe(() => {
        listener.onActive?.();
      });
    }
    return () => {
      const current = this.listeners.get(channel);
      if (current?.delete(listener) !== true || current.size > 0) return;
      this.listeners.delete(channel);
      if (this.connection?.status === "ready") this.connection.unsubscribe(channel).catch(() => undefined);
    };
  }

  /** Disconnects the subscriber connection. Never rejects. */
  async close(): Promise<void> {
    this.closed = true;
    this.setActive(false);
    this.listeners.clear();
    const connection = this.connection;
    this.connection = undefined;
    if (connection !== undefined) {
      await connection.quit().catch(() => {
        connection.disconnect();
      });
    }
  }

  private ensureConnection(): Redis | Cluster {
    if (this.connection !== undefined) return this.connection;
    const connection = this.create();
    connection.on("error", (e: unknown) => {
      this.logger?.debug("redis subscriber connection error", { dependency: this.name, err: e });
    });
    connection.on("ready", () => {
      this.subscribeChannels([...this.listeners.keys()], connection);
    });
    connection.on("close", () => {
      this.setActive(false);
    });
    connection.on("message", (channel: string, message: string) => {
      for (const listener of this.listeners.get(channel) ?? []) {
        this.safe(() => {
          listener.onMessage(message);
        });
      }
    });
    this.connection = connection;
    return connection;
  }

  private subscribeChannels(channels: string[], connection: Redis | Cluster): void {
    if (channels.length === 0) return;
    connection.subscribe(...channels).then(
      () => {
        if (connection !== this.connection || connection.status !== "ready") return;
        if (this.active) {
          // Already active: only the new channels' listeners learn it.
          for (const c of channels) {
            for (const l of this.listeners.get(c) ?? []) {
              this.safe(() => {
                l.onActive?.();
              });
            }
          }
        } else this.setActive(true);
      },
      (e: unknown) => {
        // The next "ready" retries; until then listeners stay inactive.
        this.logger?.debug("redis subscribe failed", { dependency: this.name, err: e });
      },
    );
  }

  private setActive(active: boolean): void {
    if (this.active === active) return;
    this.active = active;
    for (const set of this.listeners.values()) {
      for (const l of set) {
        this.safe(() => {
          if (active) l.onActive?.();
          else l.onInactive?.();
        });
      }
    }
  }

  private safe(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.logger?.error("redis pub/sub listener threw", { dependency: this.name, err: e });
    }
  }
}
