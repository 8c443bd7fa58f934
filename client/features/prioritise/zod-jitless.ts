/**
 * The risk engine's model-file module builds zod schemas when it loads, and zod then probes
 * whether it may compile parsers with `Function('')` — which the app's Content-Security-Policy
 * (script-src 'self', no 'unsafe-eval') refuses, reporting a violation. jitless skips the probe;
 * this module must be imported before any server/domain/risk module.
 */
import { config } from 'zod';

config({ jitless: true });
