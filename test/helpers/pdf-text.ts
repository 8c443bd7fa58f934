import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/** The number of pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

// Windows-1252 codes 0x80–0x9F (the rest of WinAnsi is Latin-1).
const CP1252: Record<number, string> = { 0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ' };
const decodeWinAnsi = (bytes: Buffer) => [...bytes].map((b) => CP1252[b] ?? String.fromCharCode(b)).join('');

/**
 * The text a PDF shows, read without any PDF library: every Flate content stream inflated, the
 * strings of its `Tj`/`TJ` operators (hex or literal, WinAnsi) joined, one line per operator.
 * Enough for the standard fonts a plan uses; not a general PDF parser.
 */
export function pdfTextOf(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  const streamRe = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = streamRe.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    let content: string;
    try {
      content = zlib.inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    const ops = /\[((?:[^\]\\]|\\.)*)\]\s*TJ|(<[0-9a-fA-F\s]*>|\((?:[^)\\]|\\.)*\))\s*Tj/g;
    let op: RegExpExecArray | null;
    while ((op = ops.exec(content))) {
      const body = op[1] ?? op[2];
      let text = '';
      for (const s of body.match(/<[0-9a-fA-F\s]*>|\((?:[^)\\]|\\.)*\)/g) ?? []) {
        if (s.startsWith('<')) text += decodeWinAnsi(Buffer.from(s.slice(1, -1).replace(/\s/g, ''), 'hex'));
        else text += decodeWinAnsi(Buffer.from(s.slice(1, -1).replace(/\\([()\\])/g, '$1'), 'latin1'));
      }
      lines.push(text);
    }
    streamRe.lastIndex = end;
  }
  return lines.join('\n');
}

/** Whether poppler's tools are installed (Debian's poppler-utils). */
export const hasPoppler = () => spawnSync('pdftotext', ['-v']).status === 0;

/** The PDF's text as poppler's pdftotext reads it (layout kept). */
export function pdftotext(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'in.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders the PDF's pages with pdftoppm as PNG files under `dir` (`prefix-1.png` …); returns their paths. */
export function pdfToPngs(pdf: Buffer, dir: string, prefix = 'page', dpi = 60): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${prefix}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), file, path.join(dir, prefix)]);
  return fs.readdirSync(dir).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png')).sort().map((f) => path.join(dir, f));
}
