/**
 * What a browser bundle gets for Node's `Buffer` (next.config.ts aliases Next's polyfill here for the browser).
 *
 * The bundler gives any browser code that names the global `Buffer` Next's polyfill of it, ~7 kB
 * gzipped. The one such code here is devalue, tRPC's wire format, and it only reaches for `Buffer`
 * under Node: it checks `process.versions.node` before using it, and `typeof Buffer` before asking
 * whether a value is one. In a browser nothing is a Buffer, so none is the truthful answer. A browser
 * dependency that does need Buffer would find it undefined: drop the alias then.
 */
export const Buffer = undefined;
