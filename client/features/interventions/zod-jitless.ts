/**
 * zod probes whether it may compile validators with `new Function`; the app's CSP (script-src
 * 'self', no 'unsafe-eval') refuses and reports a violation. jitless skips the probe; imported
 * before the form's schema is first used.
 */
import { config } from 'zod';

config({ jitless: true });
