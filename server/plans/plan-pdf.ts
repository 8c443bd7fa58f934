/**
 * A local plan as an A4 PDF (pdfkit): title, municipality, a map drawn as vector paths from the
 * area's own geometry (outline, sites, the borderland zone over it), the risk inventory, the plan
 * table, the data sources and the date. Black and white readable: sites are told apart by their
 * symbol's shape, the zone by hatching, never by colour alone. What it prints is what the
 * inventory gave this viewer: protected counts and generalised cells stay so.
 */
import PDFDocument from 'pdfkit';
import type { MultiPolygon, Polygon } from 'geojson';
import { fitProjection, scaleBarKm, SITE_SYMBOLS, toWinAnsi, type BBox, type SiteSymbol } from '../domain/plans';
import type { Plan, PlanInventory } from '../store/plans-store';
import { translator, type PdfLanguage } from './strings';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 42;
const WIDTH = A4[0] - 2 * MARGIN;
const BOTTOM = A4[1] - MARGIN - 18;

type Symbol = SiteSymbol;

function drawSymbol(doc: PDFKit.PDFDocument, symbol: Symbol, x: number, y: number, r: number) {
  doc.save().lineWidth(0.9);
  switch (symbol) {
    case 'circle': doc.circle(x, y, r); break;
    case 'square': doc.rect(x - r, y - r, 2 * r, 2 * r); break;
    case 'triangle': doc.polygon([x, y - r * 1.15], [x + r * 1.1, y + r * 0.8], [x - r * 1.1, y + r * 0.8]); break;
    case 'triangle-down': doc.polygon([x, y + r * 1.15], [x + r * 1.1, y - r * 0.8], [x - r * 1.1, y - r * 0.8]); break;
    case 'diamond': doc.polygon([x, y - r * 1.2], [x + r * 1.2, y], [x, y + r * 1.2], [x - r * 1.2, y]); break;
    case 'star': {
      const pts: [number, number][] = [];
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 ? r * 0.5 : r * 1.3;
        pts.push([x + rr * Math.cos(a), y + rr * Math.sin(a)]);
      }
      doc.polygon(...pts);
      break;
    }
    case 'cross':
    case 'plus': {
      const d = symbol === 'cross' ? r * 0.9 : 0;
      const e = symbol === 'cross' ? r * 0.9 : r * 1.1;
      doc.lineWidth(1.6);
      if (symbol === 'cross') doc.moveTo(x - d, y - e).lineTo(x + d, y + e).moveTo(x - d, y + e).lineTo(x + d, y - e).stroke();
      else doc.moveTo(x - e, y).lineTo(x + e, y).moveTo(x, y - e).lineTo(x, y + e).stroke();
      doc.restore();
      return;
    }
  }
  doc.fillAndStroke('#ffffff', '#000000');
  doc.restore();
}

/** Adds a polygon's rings to the current path (even-odd filled or clipped by the caller). */
function tracePolygons(doc: PDFKit.PDFDocument, geometry: Polygon | MultiPolygon, project: (lng: number, lat: number) => [number, number], ox: number, oy: number) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const poly of polys) {
    for (const ring of poly) {
      ring.forEach(([lng, lat], i) => {
        const [x, y] = project(lng, lat);
        if (i === 0) doc.moveTo(ox + x, oy + y);
        else doc.lineTo(ox + x, oy + y);
      });
      doc.closePath();
    }
  }
}

/** Renders a plan and its inventory as a PDF; resolves to its bytes. */
export function renderPlanPdf(plan: Plan, inventory: PlanInventory, opts: { lang?: PdfLanguage; printedAt?: Date } = {}): Promise<Buffer> {
  const { t, category, actionArea, status } = translator(opts.lang ?? 'en');
  const w = (s: string) => toWinAnsi(s);
  const printed = (opts.printedAt ?? new Date()).toISOString().slice(0, 10);
  const areaName = inventory.area.name;
  const doc = new PDFDocument({
    size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true,
    info: { Title: w(plan.title), Subject: w(`${t('plans.pdf.subtitle')} — ${areaName}`), Author: w(plan.updatedBy), Creator: 'Risk Atlas' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const ensure = (h: number) => {
    if (doc.y + h > BOTTOM) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(40);
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).fillColor('#000000').text(w(text), MARGIN, doc.y, { width: WIDTH });
    doc.moveTo(MARGIN, doc.y + 1).lineTo(MARGIN + WIDTH, doc.y + 1).lineWidth(0.5).stroke('#000000');
    doc.moveDown(0.4).font('Helvetica').fontSize(9.5);
  };
  const sub = (text: string) => {
    // a heading keeps at least its table's header and first row with it
    ensure(56);
    doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10.5).text(w(text), MARGIN, doc.y, { width: WIDTH }).moveDown(0.15).font('Helvetica').fontSize(9.5);
  };
  const para = (text: string, size = 9.5) => {
    ensure(14);
    doc.font('Helvetica').fontSize(size).text(w(text), MARGIN, doc.y, { width: WIDTH });
  };

  /** A table with wrapped cells; the header repeats on a new page. */
  const table = (columns: { label: string; width: number }[], rows: string[][]) => {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * WIDTH);
    const pad = 3;
    const drawRow = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(w(c), { width: widths[i] - 2 * pad }))) + 2 * pad;
      if (doc.y + h > BOTTOM) {
        doc.addPage();
        if (!bold) drawRow(columns.map((c) => c.label), true);
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      }
      const y = doc.y;
      let x = MARGIN;
      if (bold) doc.rect(MARGIN, y, WIDTH, h).fill('#e6e6e6').fillColor('#000000');
      cells.forEach((c, i) => {
        doc.text(w(c), x + pad, y + pad, { width: widths[i] - 2 * pad });
        x += widths[i];
      });
      doc.moveTo(MARGIN, y + h).lineTo(MARGIN + WIDTH, y + h).lineWidth(bold ? 0.8 : 0.3).stroke('#000000');
      doc.x = MARGIN;
      doc.y = y + h;
    };
    drawRow(columns.map((c) => c.label), true);
    for (const r of rows) drawRow(r, false);
    doc.moveDown(0.5);
  };

  // title block
  doc.font('Helvetica').fontSize(10).fillColor('#000000').text(w(t('plans.pdf.subtitle')).toUpperCase(), { characterSpacing: 0.8 });
  doc.font('Helvetica-Bold').fontSize(19).text(w(plan.title), { width: WIDTH });
  doc.font('Helvetica-Bold').fontSize(13).text(w(t('plans.pdf.area', { name: areaName, code: inventory.area.code, set: inventory.area.setName })), { width: WIDTH });
  doc.moveDown(0.2).font('Helvetica').fontSize(8.5).text(w(t('plans.pdf.generated', { date: printed, version: plan.version, who: plan.updatedBy, changed: plan.updatedAt.slice(0, 10), sensitivity: t(`plans.sensitivity.${plan.sensitivity}`) })), { width: WIDTH });

  // the map, from the area's own geometry
  const mapH = 300;
  doc.moveDown(0.6);
  const top = doc.y;
  const proj = fitProjection(inventory.area.bbox as BBox, WIDTH, mapH, 18);
  doc.rect(MARGIN, top, WIDTH, mapH).lineWidth(0.6).stroke('#000000');
  doc.save();
  doc.rect(MARGIN, top, WIDTH, mapH).clip();
  // the area, white, outlined; the borderland zone over it hatched, clipped to the outline
  tracePolygons(doc, inventory.area.geometry, proj.project, MARGIN, top);
  doc.fillColor('#ffffff').fill('even-odd');
  if (inventory.borderlandPart) {
    doc.save();
    tracePolygons(doc, inventory.area.geometry, proj.project, MARGIN, top);
    doc.clip('even-odd');
    tracePolygons(doc, inventory.borderlandPart, proj.project, MARGIN, top);
    doc.clip('even-odd');
    doc.rect(MARGIN, top, WIDTH, mapH).fill('#d4d4d4');
    doc.lineWidth(0.5).strokeColor('#555555');
    for (let d = -mapH; d < WIDTH; d += 7) doc.moveTo(MARGIN + d, top + mapH).lineTo(MARGIN + d + mapH, top).stroke();
    doc.restore();
  }
  tracePolygons(doc, inventory.area.geometry, proj.project, MARGIN, top);
  doc.lineWidth(1.4).lineJoin('round').stroke('#000000');
  const categories = [...new Set(inventory.sites.list.filter((s) => !s.cell).map((s) => s.category))].sort();
  const symbolOf = new Map(categories.map((c, i) => [c, SITE_SYMBOLS[i % SITE_SYMBOLS.length]]));
  for (const s of inventory.sites.list) {
    const [x, y] = proj.project(s.lng, s.lat);
    if (s.cell) {
      doc.save().circle(MARGIN + x, top + y, 9).dash(2, { space: 2 }).lineWidth(0.8).stroke('#000000').undash().restore();
      doc.font('Helvetica-Bold').fontSize(6.5).fillColor('#000000').text(s.count === null || s.count === undefined ? `<${s.below}` : String(s.count), MARGIN + x - 9, top + y - 3, { width: 18, align: 'center' });
    } else {
      drawSymbol(doc, symbolOf.get(s.category) ?? 'circle', MARGIN + x, top + y, 3.2);
    }
  }
  doc.restore();
  // scale bar, under the frame's right corner (never over the map)
  const km = scaleBarKm(proj.kmPerUnit * WIDTH * 0.25);
  if (km > 0) {
    const len = km / proj.kmPerUnit;
    const label = w(t('plans.map.scale', { km: km >= 1 ? km : km.toFixed(2) }));
    doc.font('Helvetica').fontSize(7);
    const sx = MARGIN + WIDTH - len - doc.widthOfString(label) - 6;
    const sy = top + mapH + 10;
    doc.moveTo(sx, sy).lineTo(sx + len, sy).moveTo(sx, sy - 4).lineTo(sx, sy + 1).moveTo(sx + len, sy - 4).lineTo(sx + len, sy + 1).lineWidth(1).stroke('#000000');
    doc.fillColor('#000000').text(label, sx + len + 4, sy - 4, { lineBreak: false });
  }
  // north arrow
  const nx = MARGIN + WIDTH - 18;
  doc.polygon([nx, top + 10], [nx + 5, top + 24], [nx, top + 20], [nx - 5, top + 24]).fill('#000000');
  doc.font('Helvetica-Bold').fontSize(7).text('N', nx - 3, top + 26, { lineBreak: false });
  // legend
  doc.x = MARGIN;
  doc.y = top + mapH + 6;
  const legend: { draw: (x: number, y: number) => void; label: string }[] = [
    { draw: (x, y) => doc.rect(x - 5, y - 4, 10, 8).lineWidth(1.4).stroke('#000000'), label: t('plans.map.outline') },
    ...(inventory.borderlandPart ? [{ draw: (x: number, y: number) => { doc.save().rect(x - 5, y - 4, 10, 8).fill('#d4d4d4').restore(); doc.save().lineWidth(0.5).moveTo(x - 5, y + 4).lineTo(x + 3, y - 4).moveTo(x - 1, y + 4).lineTo(x + 5, y - 2).stroke('#555555').restore(); }, label: t('plans.map.zone') }] : []),
    ...categories.map((c) => ({ draw: (x: number, y: number) => drawSymbol(doc, symbolOf.get(c)!, x, y, 3.2), label: category(c) })),
    ...(inventory.sites.generalised ? [{ draw: (x: number, y: number) => { doc.save().circle(x, y, 5).dash(2, { space: 2 }).lineWidth(0.8).stroke('#000000').undash().restore(); }, label: t('plans.map.cell') }] : []),
  ];
  let lx = MARGIN;
  let ly = doc.y + 16;
  doc.font('Helvetica').fontSize(8);
  for (const item of legend) {
    const tw = doc.widthOfString(w(item.label)) + 26;
    if (lx + tw > MARGIN + WIDTH) {
      lx = MARGIN;
      ly += 13;
    }
    item.draw(lx + 6, ly + 3);
    doc.fillColor('#000000').text(w(item.label), lx + 15, ly, { lineBreak: false });
    lx += tw;
  }
  doc.x = MARGIN;
  doc.y = ly + 14;

  // the inventory
  heading(t('plans.pdf.inventory'));
  sub(t('plans.inventory.sitesByCategory'));
  if (!inventory.sites.byCategory.length) para(t('plans.inventory.noSites'));
  else table([{ label: t('plans.inventory.category'), width: 3 }, { label: t('plans.inventory.count'), width: 1 }], inventory.sites.byCategory.map((c) => [category(c.id), c.value === null ? `<${c.below}` : String(c.value)]));
  if (inventory.sites.generalised) para(t('plans.inventory.generalised', inventory.sites.generalised), 8);
  sub(t('plans.inventory.zones'));
  para(inventory.borderland ? t('plans.inventory.borderland', { km: inventory.borderland.radiusKm, share: `${(inventory.borderland.share * 100).toFixed(1)} %` }) : t('plans.inventory.noBorderland'));
  sub(t('plans.inventory.risk'));
  para(inventory.risk
    ? t('plans.inventory.riskValue', { score: inventory.risk.score.toFixed(1), class: inventory.risk.class ?? '—', rank: inventory.risk.rank ?? '—', of: inventory.risk.of, model: inventory.risk.modelName, reliability: `${Math.round(inventory.risk.reliability * 100)} %` })
    : t('plans.inventory.noRisk'));
  sub(t('plans.inventory.indicators'));
  if (!inventory.indicators.length) para(t('plans.inventory.noIndicators'));
  else table([{ label: t('plans.inventory.indicator'), width: 3 }, { label: t('plans.inventory.period'), width: 1 }, { label: t('plans.inventory.value'), width: 1.2 }, { label: t('plans.inventory.source'), width: 2 }],
    inventory.indicators.map((i) => [i.name, i.period, `${Number(i.value.toPrecision(6))}${i.unit ? ` ${i.unit}` : ''}`, i.source]));
  sub(t('plans.inventory.interventions'));
  if (!inventory.interventions.length) para(t('plans.inventory.noInterventions'));
  else table([{ label: t('plans.form.intervention'), width: 3 }, { label: t('plans.form.actionArea'), width: 3 }, { label: t('plans.form.status'), width: 1.2 }],
    inventory.interventions.map((i) => [i.title, `${i.actionArea} ${actionArea(i.actionArea)}`, status(i.status)]));
  sub(t('plans.inventory.suggestions'));
  if (!inventory.suggestions.length) para(t('plans.inventory.noSuggestions'));
  else table([{ label: t('plans.form.actionArea'), width: 3 }, { label: t('plans.inventory.category'), width: 2 }],
    inventory.suggestions.map((s) => [`${s.code} ${actionArea(s.code)}`, s.because.map((b) => (b.id === 'borderland' ? t('plans.map.zone') : category(b.id))).join(', ')]));
  if (inventory.sites.list.length) {
    sub(t('plans.inventory.siteList'));
    table([{ label: t('plans.inventory.name'), width: 3 }, { label: t('plans.inventory.category'), width: 2 }, { label: t('plans.inventory.source'), width: 2 }],
      inventory.sites.list.map((s) => [
        s.cell ? (s.count === null || s.count === undefined ? t('plans.inventory.unnamedBelow', { count: s.below ?? NaN, n: s.below ?? '' }) : t('plans.inventory.unnamed', { count: s.count, n: s.count })) : (s.name ?? ''),
        category(s.category), s.source,
      ]));
    if (inventory.sites.listTruncated) para(t('plans.inventory.truncated', { count: inventory.sites.listed, n: inventory.sites.listed }), 8);
  }

  // the plan table
  heading(t('plans.pdf.plan'));
  if (!plan.items.length) para(t('plans.form.noItems'));
  else table(
    [{ label: '#', width: 0.4 }, { label: t('plans.form.intervention'), width: 2.8 }, { label: t('plans.form.actionArea'), width: 2.2 }, { label: t('plans.form.responsibility'), width: 1.9 }, { label: t('plans.form.startDate'), width: 1.6 }, { label: t('plans.form.endDate'), width: 1.6 }, { label: t('plans.form.status'), width: 1.1 }, { label: t('plans.form.rowNotes'), width: 2.1 }],
    plan.items.map((item, i) => [
      String(i + 1),
      item.intervention?.title ?? t('plans.form.unknownIntervention'),
      item.intervention ? `${item.intervention.actionArea} ${actionArea(item.intervention.actionArea)}` : '',
      item.responsibility,
      item.startDate ?? item.intervention?.startDate ?? '',
      item.endDate ?? item.intervention?.endDate ?? '',
      item.intervention ? status(item.intervention.status) : '',
      item.notes,
    ]),
  );
  if (plan.notes.trim()) {
    sub(t('plans.pdf.notes'));
    para(plan.notes);
  }

  // sources and date
  heading(t('plans.pdf.sources'));
  for (const s of inventory.sources) {
    ensure(14);
    doc.font('Helvetica').fontSize(8.5).text(w(`• ${t('plans.pdf.sourceLine', { name: s.name, source: s.source, licence: s.licence })}${s.dataDate ? t('plans.pdf.sourceDate', { date: s.dataDate }) : ''}`), MARGIN, doc.y, { width: WIDTH });
  }
  if (inventory.risk) para(`• ${t('plans.pdf.model', { model: inventory.risk.modelName })}`, 8.5);
  para(`• ${t('plans.pdf.interventionSources')}`, 8.5);

  // footer on every page
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7.5).fillColor('#000000').text(w(`Risk Atlas · ${plan.title} · ${printed} · ${t('plans.pdf.page', { page: i + 1, pages: range.count })}`), MARGIN, A4[1] - MARGIN + 6, { width: WIDTH, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
