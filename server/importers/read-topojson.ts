import { feature as topoFeature } from 'topojson-client';
import type { GeometryObject, Topology } from 'topojson-specification';
import { decodeText, type DecodeTextOptions } from './decode-text';
import { ImportError, errorIssue } from './import-error';
import { parseJson, type FeatureSet, type ImportedFeature } from './read-geojson';

export interface ReadTopojsonOptions extends DecodeTextOptions {
  /** Name of the object in `topology.objects` to read. @default every object, in order */
  object?: string;
}

/**
 * Reads a TopoJSON topology into GeoJSON features (arcs decoded, quantization undone).
 *
 * @example
 * readTopojson(bytes, { object: 'ne_10m_admin_1_states_provinces' }).features.length // 4855
 */
export function readTopojson(input: Uint8Array | string, options: ReadTopojsonOptions = {}): FeatureSet {
  const fileName = options.fileName ?? 'the file';
  const { text, issues } = typeof input === 'string' ? { text: input, issues: [] } : decodeText(input, options);
  const json = parseJson(text.replace(/^\uFEFF/, ''), fileName) as Partial<Topology> | null;
  if (!json || json.type !== 'Topology' || typeof json.objects !== 'object' || json.objects === null) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName}: expected a TopoJSON Topology with "objects", got ${json?.type ?? typeof json}`));
  }
  const topology = json as Topology;
  const names = Object.keys(topology.objects);
  if (options.object !== undefined && !names.includes(options.object)) {
    throw new ImportError(
      errorIssue('missing-layer', `${fileName} has no object '${options.object}'; its objects are ${names.map((n) => `'${n}'`).join(', ')}`),
    );
  }
  const features: ImportedFeature[] = [];
  for (const name of options.object !== undefined ? [options.object] : names) {
    const result = topoFeature(topology, topology.objects[name] as GeometryObject);
    if (result.type === 'FeatureCollection') features.push(...(result.features as ImportedFeature[]));
    else features.push(result as ImportedFeature);
  }
  return { features, issues };
}
