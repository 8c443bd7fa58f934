import type { Geometry } from 'geojson';
import proj4 from 'proj4';
import { parseDbf, parseShp } from 'shpjs';
import { ImportError, errorIssue, warningIssue, type ImportIssue } from './import-error';
import { isLngLatBounds, mapPositions, positionBounds } from './map-positions';
import type { FeatureSet, ImportedFeature } from './read-geojson';
import { unzipSafely, type ZipLimits } from './unzip-safely';

export interface ReadShapefileOptions {
  /** @default 'the archive' */
  fileName?: string;
  /** Only this layer (a .shp name without extension, folders allowed). @default every layer */
  layer?: string;
  /** @default defaultZipLimits */
  limits?: ZipLimits;
}

interface LayerFiles {
  shp?: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

/**
 * Reads a zipped ESRI shapefile (files may sit in a folder and have spaces in their names).
 * Coordinates outside longitude/latitude are reprojected to WGS 84 when the .prj names a
 * projection proj4 can read (with a warning); otherwise the import fails with 'projected-crs'.
 *
 * @example
 * readShapefileZip(bytes, { fileName: 'Delhi_Wards-SHP.zip' }).features.length // 290
 */
export function readShapefileZip(bytes: Uint8Array, options: ReadShapefileOptions = {}): FeatureSet {
  const fileName = options.fileName ?? 'the archive';
  const files = unzipSafely(bytes, {
    fileName,
    limits: options.limits,
    accept: (name) => !name.includes('__MACOSX') && /\.(shp|dbf|prj|cpg)$/i.test(name),
  });
  const layers = new Map<string, LayerFiles>();
  for (const [name, content] of Object.entries(files)) {
    const dot = name.lastIndexOf('.');
    const base = name.slice(0, dot);
    const ext = name.slice(dot + 1).toLowerCase() as keyof LayerFiles;
    const layer = layers.get(base) ?? {};
    if (ext === 'prj' || ext === 'cpg') layer[ext] = new TextDecoder().decode(content).trim();
    else layer[ext] = content;
    layers.set(base, layer);
  }
  const names = [...layers.keys()].filter((n) => layers.get(n)!.shp).sort();
  if (names.length === 0) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName} holds no .shp file`));
  }
  if (options.layer !== undefined && !names.includes(options.layer)) {
    throw new ImportError(errorIssue('missing-layer', `${fileName} has no layer '${options.layer}'; its layers are ${names.join(', ')}`));
  }
  const chosen = options.layer !== undefined ? [options.layer] : names;
  const issues: ImportIssue[] = [];
  if (chosen.length > 1) {
    issues.push(warningIssue('multiple-layers', `${fileName} holds ${chosen.length} layers (${chosen.join(', ')}); their features are read one after another`));
  }
  const features: ImportedFeature[] = [];
  for (const name of chosen) features.push(...readLayer(name, layers.get(name)!, fileName, issues));
  return { features, issues };
}

// The shape types of the shapefile specification (ESRI, 1998): null, point, polyline, polygon,
// multipoint, each also with Z and M.
const SHAPE_TYPES = new Set([0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28, 31]);

// What is wrong with a .shp's 100-byte header, or null: shpjs reads a truncated file's whole
// records and drops the rest without a word, so the length the header declares is checked here.
function shpHeaderProblem(shp: Uint8Array): string | null {
  if (shp.length < 100) return `${shp.length} bytes, shorter than the 100-byte header of a shapefile`;
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (view.getInt32(0, false) !== 9994) return 'its header does not start with the shapefile file code 9994';
  const type = view.getInt32(32, true);
  if (!SHAPE_TYPES.has(type)) return `its header names shape type ${type}, which is not a shapefile shape type`;
  // the file length is counted in 16-bit words, big-endian
  const declared = view.getInt32(24, false) * 2;
  if (shp.length < declared) return `its header declares ${declared.toLocaleString('en')} bytes but the file has ${shp.length.toLocaleString('en')}; it looks truncated`;
  return null;
}

const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

// Why shpjs could not read a .shp, in words rather than the parser's own message.
function shpProblem(shp: Uint8Array, err: unknown): string {
  return shpHeaderProblem(shp) ?? (err instanceof RangeError ? 'its records run past the end of the file; it looks truncated' : 'its records could not be read');
}

function readLayer(name: string, files: LayerFiles, fileName: string, issues: ImportIssue[]): ImportedFeature[] {
  let geometries: Geometry[];
  const damaged = (what: string) => new ImportError(errorIssue('unrecognised-format', `${fileName}: ${what}; export it again from the GIS program`));
  const header = shpHeaderProblem(files.shp!);
  if (header) throw damaged(`${name}.shp is damaged or not a shapefile (${header})`);
  try {
    // no .prj given on purpose: reprojection is decided below, where it can be reported
    geometries = parseShp(files.shp!, false);
  } catch (e) {
    throw damaged(`${name}.shp is damaged or not a shapefile (${shpProblem(files.shp!, e)})`);
  }
  let properties: Record<string, unknown>[] = [];
  if (files.dbf) {
    try {
      properties = parseDbf(files.dbf, files.cpg);
    } catch {
      throw damaged(`${name}.dbf, the attribute table, is damaged or not a dBASE file`);
    }
    // a shape without its record (or the reverse) would be imported with another shape's attributes
    if (properties.length !== geometries.length) throw damaged(`${name}.shp holds ${count(geometries.length, 'shape')} but ${name}.dbf holds ${count(properties.length, 'record')}; one of them is damaged or they are of different layers`);
  } else issues.push(warningIssue('missing-column', `${fileName}: ${name}.shp has no .dbf file, so its features have no attributes`));

  const bounds = positionBounds(geometries);
  if (!isLngLatBounds(bounds)) geometries = reproject(geometries, bounds, name, files.prj, fileName, issues);
  return geometries.map((geometry, i) => ({ type: 'Feature', geometry: geometry ?? null, properties: properties[i] ?? {} }) as ImportedFeature);
}

function reproject(
  geometries: Geometry[],
  bounds: [number, number, number, number],
  name: string,
  prj: string | undefined,
  fileName: string,
  issues: ImportIssue[],
): Geometry[] {
  const projName = prj ? /PROJCS\s*\[\s*"([^"]*)"/i.exec(prj)?.[1] : undefined;
  const reach = `(${bounds.slice(0, 2).map(round).join(', ')}) to (${bounds.slice(2).map(round).join(', ')})`;
  let converter: proj4.Converter | null = null;
  if (prj && projName) {
    try {
      converter = proj4(prj, 'EPSG:4326');
    } catch {
      converter = null;
    }
  }
  if (!converter) {
    const named = projName
      ? `its .prj names the projection "${projName}", which could not be read`
      : prj
        ? 'its .prj names no projection (PROJCS)'
        : 'it has no .prj file';
    throw new ImportError(
      errorIssue(
        'projected-crs',
        `${fileName}: ${name}.shp has coordinates ${reach}, outside longitude/latitude, so it is probably projected; ${named}. Reproject it to WGS 84 (EPSG:4326) and import it again.`,
      ),
    );
  }
  const forward = converter.forward.bind(converter);
  const result = geometries.map((g) => (g ? mapPositions(g, (p) => forward([p[0], p[1]]) as number[]) : g));
  if (!isLngLatBounds(positionBounds(result))) {
    throw new ImportError(
      errorIssue('projected-crs', `${fileName}: ${name}.shp has coordinates ${reach}; reprojecting from "${projName}" still gives values outside longitude/latitude, so the .prj is probably wrong`),
    );
  }
  issues.push(warningIssue('reprojected', `${fileName}: ${name}.shp is in the projection "${projName}"; its coordinates were reprojected to WGS 84 longitude/latitude`));
  return result;
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
