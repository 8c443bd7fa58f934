import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMap } from '../../map/map-context';
import { Dialog } from '../../ui/dialog';
import { Field } from '../../ui/form-field';
import { Loading } from '../../ui/loading';
import type { LegendContent } from '../../ui/legend-content';
import { layoutExport } from './export-layout';
import { canvasMeasure, captureMap, drawExport, toPngBlob } from './draw-export';
import { metresPerPixel, scaleBar } from './scale-bar';
import { defaultExportTitle } from './export-title';

export interface ExportDialogProps {
  /** The legend of every visible layer, top-most first (features/layers/legend-content.ts). */
  legends: LegendContent[];
  /** The data sources and their licences, as the map's attribution lists them. */
  attribution: { name: string; licence: string }[];
  onClose: () => void;
}

// the longest scale bar, CSS pixels
const SCALE_MAX_PX = 150;

/**
 * "Export PNG": the map as drawn now, with a title (editable), the legend of every visible layer,
 * a scale bar, the sources and the date, previewed and downloaded as a PNG made in the browser.
 * Must sit inside <MapView>.
 */
export function ExportDialog({ legends, attribution, onClose }: ExportDialogProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const map = useMap();
  const [title, setTitle] = useState(() => defaultExportTitle(legends, t('app.title')));
  const [shot, setShot] = useState<{ image: HTMLCanvasElement; camera: { lat: number; zoom: number }; cssWidth: number; cssHeight: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [when] = useState(() => new Date());
  const measure = useRef(canvasMeasure()).current;

  useEffect(() => {
    let live = true;
    captureMap(map).then(
      (image) => {
        const container = map.getContainer();
        if (live) setShot({ image, camera: { lat: map.getCenter().lat, zoom: map.getZoom() }, cssWidth: container.clientWidth, cssHeight: container.clientHeight });
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [map]);

  const picture = useMemo(() => {
    if (!shot) return null;
    const bar = scaleBar(metresPerPixel(shot.camera.lat, shot.camera.zoom), SCALE_MAX_PX);
    const lat = Math.round(Math.abs(shot.camera.lat));
    const layout = layoutExport(
      {
        map: { width: shot.cssWidth, height: shot.cssHeight },
        title: title.trim() || defaultExportTitle(legends, t('app.title')),
        date: t('export.date', { date: new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(when) }),
        legends,
        attribution: t('export.attribution', { sources: attribution.map((a) => `${a.name} (${a.licence})`).join(' · ') }),
        scale: {
          px: bar.px,
          label: new Intl.NumberFormat(lang, { style: 'unit', unit: bar.unit === 'km' ? 'kilometer' : 'meter', maximumFractionDigits: 0 }).format(bar.value),
          note: t('export.scaleNote', { lat: t(shot.camera.lat < 0 ? 'export.south' : 'export.north', { value: lat }) }),
        },
      },
      measure,
    );
    // the map copy is in device pixels: the picture keeps them
    const canvas = drawExport(layout, shot.image, shot.image.width / Math.max(1, shot.cssWidth));
    return { canvas, url: canvas.toDataURL('image/png'), mapBox: layout.boxes.map };
  }, [shot, title, legends, attribution, lang, t, when, measure]);

  const download = async () => {
    if (!picture) return;
    try {
      const blob = await toPngBlob(picture.canvas);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `risk-atlas-${when.toISOString().slice(0, 10)}.png`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Dialog title={t('export.heading')} onClose={onClose} closeLabel={t('export.close')} className="export-dialog">
      <Field label={t('export.title')} hint={t('export.titleHint')}>
        {(control) => <input {...control} type="text" value={title} maxLength={200} onChange={(e) => setTitle(e.currentTarget.value)} />}
      </Field>
      {error && (
        <p className="error-text" role="alert">
          {t('export.failed', { message: error })}
        </p>
      )}
      {!picture && !error && <Loading label={t('export.preparing')} />}
      {picture && (
        <figure className="export-dialog__preview">
          <img src={picture.url} alt={t('export.previewAlt', { title })} data-testid="export-preview" data-map-box={JSON.stringify(picture.mapBox)} width={picture.canvas.width} height={picture.canvas.height} />
          <figcaption className="field__hint">{t('export.size', { width: picture.canvas.width, height: picture.canvas.height })}</figcaption>
        </figure>
      )}
      <div className="button-row export-dialog__actions">
        <button type="button" className="button--primary" disabled={!picture} onClick={download}>
          {t('export.download')}
        </button>
        <button type="button" onClick={onClose}>
          {t('export.close')}
        </button>
      </div>
    </Dialog>
  );
}
