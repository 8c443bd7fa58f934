import { describe, expect, it } from 'vitest';
import { ImportError } from './import-error';
import { readKml } from './read-kml';
import { caught } from '../../test/helpers/caught';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';

describe('readKml', () => {
  itWithSharedData('reads the 145 Hyderabad wards of the overpass-turbo export with their ExtendedData', ['formats/hyderabad-ghmc-wards.overpass-turbo.kml'], () => {
    const { features, issues } = readKml(readSharedData('formats/hyderabad-ghmc-wards.overpass-turbo.kml'));
    expect(issues).toEqual([]);
    expect(features).toHaveLength(145);
    expect(features[0].properties).toMatchObject({ name: 'Ward 91 Khairatabad', '@id': 'relation/7848799', admin_level: '10', boundary: 'administrative' });
    expect(features.every((f) => typeof f.properties?.name === 'string' && f.properties.name.startsWith('Ward'))).toBe(true);
    expect(features[0].geometry?.type).toBe('Polygon');
  });

  it('keeps HTML in names and descriptions as text', () => {
    const kml = '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&lt;b&gt;Gaya&lt;/b&gt;</name><description><![CDATA[<p>Bus stand</p>]]></description><Point><coordinates>85.0,24.79</coordinates></Point></Placemark></kml>';
    const { features } = readKml(kml);
    expect(features[0].properties).toMatchObject({ name: '<b>Gaya</b>', description: '<p>Bus stand</p>' });
  });

  it('says a truncated KML is not well-formed XML', async () => {
    const error = await caught<ImportError>(() => readKml('<kml><Placemark><name>Ward 1</name>', { fileName: 'wards.kml' }));
    expect(error.issues[0].code).toBe('invalid-xml');
    expect(error.message).toMatch(/^wards\.kml is not well-formed XML: /);
  });

  it('says an XML file that is not KML is something else', async () => {
    expect((await caught(() => readKml('<gpx><trk/></gpx>', { fileName: 'track.kml' }))).message).toBe('track.kml: expected a <kml> document, got <gpx>');
  });
});
