/*
 * Whether this process traces (docs/decisions/049): set when a tracer
 * provider is installed (@trellis/server/tracing), cleared when it is shut
 * down. The seams that trace — the front door's request span, the event
 * bus's publish and handling spans — read it first, so with tracing off they
 * call straight through: no header extracted, no route computed, no
 * attributes built, no context switched. On globalThis: Next loads a module
 * once per route bundle, and every copy must see the one switch.
 */

const globalForTracing = globalThis as typeof globalThis & { trellisTracingOn?: boolean };

export function tracingOn(): boolean {
  return globalForTracing.trellisTracingOn === true;
}

export function setTracingOn(on: boolean): void {
  globalForTracing.trellisTracingOn = on;
}
