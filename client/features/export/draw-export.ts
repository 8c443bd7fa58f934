import type { Map as MapLibreMap } from 'maplibre-gl';
import type { ExportLayout, Measure } from './export-layout';

/**
 * A copy of the map as it is drawn now: the basemap and the deck.gl layers share MapLibre's one
 * WebGL canvas (interleaved), whose drawing buffer is only readable in the task that drew it, so
 * the copy is taken in MapLibre's `render` event of a frame asked for here.
 */
export function captureMap(map: MapLibreMap, timeoutMs = 15_000): Promise<HTMLCanvasElement> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      map.off('render', copy);
      reject(new Error(`The map drew no frame within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    function copy() {
      clearTimeout(timer);
      const source = map.getCanvas();
      const out = document.createElement('canvas');
      out.width = source.width;
      out.height = source.height;
      out.getContext('2d')!.drawImage(source, 0, 0);
      resolve(out);
    }
    const draw = () => {
      map.once('render', copy);
      map.triggerRepaint();
    };
    // tiles still loading would come out blank: wait for them first
    if (map.loaded()) draw();
    else map.once('idle', draw);
  });
}

/** measureText of a canvas, as the layout wants it. */
export function canvasMeasure(): Measure {
  const ctx = document.createElement('canvas').getContext('2d')!;
  return (text, font) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
}

/** Paints a layout at `pixelRatio` device pixels per CSS pixel, the map copy in its box. */
export function drawExport(layout: ExportLayout, mapImage: HTMLCanvasElement, pixelRatio: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(layout.width * pixelRatio);
  canvas.height = Math.round(layout.height * pixelRatio);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(pixelRatio, pixelRatio);
  ctx.textBaseline = 'top';
  for (const o of layout.ops) {
    switch (o.op) {
      case 'map':
        ctx.drawImage(mapImage, o.x, o.y, o.w, o.h);
        break;
      case 'rect':
        if (o.fill) {
          ctx.fillStyle = o.fill;
          ctx.fillRect(o.x, o.y, o.w, o.h);
        }
        if (o.stroke) {
          ctx.strokeStyle = o.stroke;
          ctx.lineWidth = 1;
          ctx.strokeRect(o.x + 0.5, o.y + 0.5, o.w - 1, o.h - 1);
        }
        break;
      case 'hatch':
        // the map's no-data style: dark grey stripes on pale grey (map/layers/user-choropleth.ts)
        ctx.save();
        ctx.beginPath();
        ctx.rect(o.x, o.y, o.w, o.h);
        ctx.clip();
        ctx.fillStyle = '#e2e2e2';
        ctx.fillRect(o.x, o.y, o.w, o.h);
        ctx.strokeStyle = '#5a5a5a';
        ctx.lineWidth = 2;
        for (let d = -o.h; d < o.w; d += 6) {
          ctx.beginPath();
          ctx.moveTo(o.x + d, o.y + o.h);
          ctx.lineTo(o.x + d + o.h, o.y);
          ctx.stroke();
        }
        ctx.restore();
        break;
      case 'dot':
        ctx.fillStyle = o.fill;
        ctx.beginPath();
        ctx.arc(o.x, o.y, o.r, 0, 2 * Math.PI);
        ctx.fill();
        break;
      case 'line':
        ctx.strokeStyle = o.stroke;
        ctx.lineWidth = o.width;
        ctx.beginPath();
        ctx.moveTo(o.x1, o.y1);
        ctx.lineTo(o.x2, o.y2);
        ctx.stroke();
        break;
      case 'text':
        ctx.font = o.font;
        ctx.fillStyle = o.fill;
        ctx.textAlign = o.align;
        ctx.fillText(o.text, o.x, o.y);
        break;
    }
  }
  return canvas;
}

/** The picture as PNG bytes. */
export function toPngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The browser could not encode the PNG'))), 'image/png'));
}
