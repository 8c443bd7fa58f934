/**
 * zod probes whether it may compile validators with `new Function`; the app's Content-Security-
 * Policy (script-src 'self', no 'unsafe-eval') refuses that and reports a violation. jitless skips
 * the probe. Imported once, first, by each entry point — the app (client/main.tsx) and each Web
 * Worker — so that no schema the domain builds (risk model files, interventions, plans) probes.
 *
 * zod 4 keeps its configuration on `globalThis.__zod_globalConfig` and adopts an object already
 * there (core.js: `globalThis.__zod_globalConfig ?? (… = {})`), so the entry point sets it without
 * loading zod (which stays in the chunks that build schemas: importing zod's `config` here put
 * 10 KB into the initial bundle). zod-jitless.test.ts checks that zod's own `config()` reads it.
 */
const scope = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
scope.__zod_globalConfig = { ...scope.__zod_globalConfig, jitless: true };

export {};
