import { Context, Effect, Layer, type Scope } from "effect";

/** An adapter that holds resources: `close()` releases them (and never rejects, per the ports). */
export interface Closeable {
  close(): unknown;
}

/** An adapter, given as a ready Effect that builds it or as a function that builds it. */
export type PortSource<P, E = never, R = never> = Effect.Effect<P, E, R> | (() => P);

const build = <P, E, R>(source: PortSource<P, E, R>): Effect.Effect<P, E, R> =>
  Effect.isEffect(source) ? source : Effect.sync(source);

/**
 * Acquires a closeable adapter in the current scope: `close()` runs when the
 * scope closes (a layer's scope: when the runtime is disposed). A `close()`
 * that throws or rejects is a defect, reported on the scope, never swallowed.
 */
export function acquireCloseable<P extends Closeable, E = never, R = never>(
  source: PortSource<P, E, R>,
): Effect.Effect<P, E, R | Scope.Scope> {
  return Effect.acquireRelease(build(source), (port) =>
    Effect.promise(async () => {
      await port.close();
    }),
  );
}

/** The layer constructors every port service has, over any adapter of its port. */
export interface PortLayers<Self, Port, Shape> {
  /** The service's Effect methods over an adapter (no layer): for `Layer.succeed`, tests, or several services of one port. */
  readonly make: (port: Port) => Shape;
  /** A layer that provides the service over an adapter you built already. The layer does not close it. */
  readonly layer: (port: Port) => Layer.Layer<Self>;
  /**
   * A layer that builds the adapter when the layer is built (once per build;
   * layers are memoised by reference). The Effect may use `Scope` (e.g.
   * `acquireCloseable`, `Effect.acquireRelease`): it is the layer's scope.
   */
  readonly layerFrom: <E = never, R = never>(source: PortSource<Port, E, R>) => Layer.Layer<Self, E, Exclude<R, Scope.Scope>>;
  /** Like `layerFrom`, and calls the adapter's `close()` when the layer's scope closes. */
  readonly layerScoped: <P extends Port & Closeable, E = never, R = never>(
    source: PortSource<P, E, R>,
  ) => Layer.Layer<Self, E, Exclude<R, Scope.Scope>>;
}

/** What `PortService` makes: an Effect service key (extend it as a class) with `PortLayers`. */
export type PortServiceClass<Self, Id extends string, Port, Shape> = Context.ServiceClass<Self, Id, Shape> &
  PortLayers<Self, Port, Shape>;

/**
 * Declares an Effect service over a hexkit port: extend its result as a class,
 * like `Context.Service`, and get the layer constructors as statics.
 *
 * ```ts
 * class SessionCache extends PortService<SessionCache, Cache, CacheServiceShape>()("@app/SessionCache", makeCacheService) {}
 * const live = SessionCache.layer(createMemoryCache({ clock }));
 * ```
 *
 * `make` turns an adapter into the service's Effect methods; it runs once per
 * layer build, not per call.
 */
export function PortService<Self, Port, Shape>(): <const Id extends string>(
  id: Id,
  make: (port: Port) => Shape,
) => PortServiceClass<Self, Id, Port, Shape> {
  return (id, make) => {
    const Key = Context.Service<Self, Shape>()(id);
    const fromPort = <E, R>(source: Effect.Effect<Port, E, R>): Layer.Layer<Self, E, Exclude<R, Scope.Scope>> =>
      Layer.effect(Key, Effect.map(source, make));
    const layers: PortLayers<Self, Port, Shape> = {
      make,
      layer: (port) => Layer.succeed(Key, make(port)),
      layerFrom: (source) => fromPort(build(source)),
      layerScoped: (source) => fromPort(acquireCloseable(source)),
    };
    return Object.assign(Key, layers);
  };
}
