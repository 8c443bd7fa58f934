import { detectFormat } from './detect-format';
import { ImportError, errorIssue } from './import-error';
import { readGeojson, readNdGeojson, type FeatureSet } from './read-geojson';
import { readTopojson } from './read-topojson';
import type { ZipLimits } from './unzip-safely';
import { validateFeatures } from './validate-geometry';

export interface ReadFeaturesOptions {
  /** Text encoding for GeoJSON, TopoJSON and KML. @default detected */
  encoding?: string;
  /** TopoJSON object or shapefile layer to read. @default all */
  layer?: string;
  /** @default defaultZipLimits */
  limits?: ZipLimits;
}

/**
 * Reads any vector file the app speaks (GeoJSON, newline-delimited GeoJSON, TopoJSON, gzipped or
 * not, KML, zipped shapefile) and validates its geometry: detect → read → validateFeatures.
 * Tables and OSM extracts are refused with a message saying which reader to use.
 *
 * @example
 * const { features, issues } = await readFeatures(upload, 'delhi-wards-shp.zip');
 */
export async function readFeatures(bytes: Uint8Array, fileName: string, options: ReadFeaturesOptions = {}): Promise<FeatureSet> {
  const detected = detectFormat(fileName, bytes, options.limits, options.encoding);
  const text = { fileName, encoding: options.encoding };
  let read: FeatureSet;
  switch (detected.format) {
    case 'geojson':
      read = readGeojson(detected.bytes, text);
      break;
    case 'ndgeojson':
      read = readNdGeojson(detected.bytes, text);
      break;
    case 'topojson':
      read = readTopojson(detected.bytes, { ...text, object: options.layer });
      break;
    // KML and shapefile readers load their libraries (xmldom, togeojson, shpjs, proj4: some 25 MB)
    // only when a file needs them
    case 'kml':
      read = (await import('./read-kml')).readKml(detected.bytes, text);
      break;
    case 'shapefile-zip':
      read = (await import('./read-shapefile')).readShapefileZip(detected.bytes, { fileName, layer: options.layer, limits: options.limits });
      break;
    default:
      throw new ImportError(
        errorIssue('unrecognised-format', `${fileName} is ${detected.format === 'osm-pbf' ? 'an OSM extract; read it with readOsmPbf' : `a table (${detected.format}); read it with readCsv or readXlsx`}, not a file of features`),
      );
  }
  const validated = validateFeatures(read.features, { fileName });
  return { features: validated.features, issues: [...read.issues, ...validated.issues] };
}
