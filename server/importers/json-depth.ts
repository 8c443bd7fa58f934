import { ImportError, errorIssue } from './import-error';

/**
 * How deep arrays and objects may nest in a JSON file. GeoJSON needs 8 at most (a
 * FeatureCollection's MultiPolygon: collection › features › feature › geometry › four levels of
 * coordinates), TopoJSON fewer; the rest is room for properties that hold JSON of their own.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Throws an ImportError ('limit-exceeded', naming the line and column) when arrays and objects
 * in `text` nest deeper than `maxDepth`. JSON.parse copes with any depth, but everything that
 * walks the result afterwards (validation, JSON.stringify, topojson-client) recurses and runs out
 * of stack at some ten thousand levels, so the text is measured before it is parsed. Strings are
 * skipped; text that is not JSON is left for JSON.parse to describe.
 *
 * @example
 * checkJsonDepth(text, 'wards.geojson'); // before JSON.parse(text)
 */
export function checkJsonDepth(text: string, fileName: string, options: { maxDepth?: number; line?: number } = {}): void {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // to the closing quote: the next one not escaped by an odd number of backslashes
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return;
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) throw tooDeep(text, i, fileName, maxDepth, options.line ?? 1);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

function tooDeep(text: string, offset: number, fileName: string, maxDepth: number, firstLine: number): ImportError {
  let line = firstLine;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return new ImportError(
    errorIssue(
      'limit-exceeded',
      `${fileName} line ${line}, column ${offset - lineStart + 1}: arrays and objects nested more than ${maxDepth} deep (the limit); GeoJSON needs 8 at most, so the file is broken or made to crash a reader`,
      { row: line },
    ),
  );
}
