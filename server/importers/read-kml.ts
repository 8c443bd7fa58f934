import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { decodeText, type DecodeTextOptions } from './decode-text';
import { ImportError, errorIssue } from './import-error';
import type { FeatureSet, ImportedFeature } from './read-geojson';

/**
 * Reads KML Placemarks into GeoJSON features. ExtendedData (`<Data name>` and `<SimpleData>`, as in
 * overpass-turbo exports) becomes properties, next to `name` and `description` (HTML kept as text).
 *
 * @example
 * readKml(bytes).features[0].properties.name // 'Ward 91 Khairatabad'
 */
export function readKml(input: Uint8Array | string, options: DecodeTextOptions = {}): FeatureSet {
  const fileName = options.fileName ?? 'the file';
  const { text, issues } = typeof input === 'string' ? { text: input, issues: [] } : decodeText(input, options);
  let problem: string | null = null;
  let doc: ReturnType<DOMParser['parseFromString']> | null = null;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning' && problem === null) problem = message;
      },
    }).parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
  } catch (e) {
    // xmldom throws on fatal errors (an unclosed tag in a truncated file)
    problem ??= (e as Error).message;
  }
  if (problem !== null || !doc?.documentElement) {
    // xmldom prefixes some of its messages with its own function's name
    const said = (problem as string | null)?.replace(/^(element parse error: )?(Error: )?/, '');
    throw new ImportError(errorIssue('invalid-xml', `${fileName} is not well-formed XML: ${said ?? 'no root element'}`));
  }
  if (doc.getElementsByTagName('kml').length === 0) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName}: expected a <kml> document, got <${doc.documentElement.nodeName}>`));
  }
  // togeojson walks a DOM Document; xmldom's is structurally the same
  const collection = kml(doc as unknown as Document);
  const features = (collection.features as ImportedFeature[]).map((f) => ({ ...f, properties: flatten(f.properties ?? {}) }));
  return { features, issues };
}

// togeojson gives an HTML description as { '@type': 'html', value }; properties stay plain text
function flatten(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    out[key] = value && typeof value === 'object' && '@type' in value && 'value' in value ? (value as { value: unknown }).value : value;
  }
  return out;
}
