// shpjs 6 ships no type declarations; these cover the two parsers read-shapefile.ts uses
declare module 'shpjs' {
  import type { Geometry } from 'geojson';
  /** Parses .shp bytes; with `prj` false or undefined the coordinates are left as stored. */
  export function parseShp(shp: ArrayBuffer | ArrayBufferView | DataView, prj?: string | false): Geometry[];
  /** Parses .dbf bytes; `cpg` names the code page (e.g. 'UTF-8'). */
  export function parseDbf(dbf: ArrayBuffer | ArrayBufferView | DataView, cpg?: string): Record<string, unknown>[];
}
