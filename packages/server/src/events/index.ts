import type * as RedisBus from "./redis-bus";

/**
 * The event bus across instances, on Redis (./redis-bus.ts): loaded only when
 * asked for, so a server without REDIS_URL never loads ioredis at start
 * (docs/decisions/040).
 */
export async function createRedisBus(
  ...args: Parameters<typeof RedisBus.createRedisBus>
): ReturnType<typeof RedisBus.createRedisBus> {
  const { createRedisBus: create } = await import("./redis-bus");
  return create(...args);
}
