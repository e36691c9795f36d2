// CSV records with line numbers, read line by line so that one bad line costs
// one report. csv-parse, after a stray quote, resumed mid-line and read the next
// lines inside the quote: one typo produced several reports blamed on the lines
// after it, or swallowed the rest of the file. Here a record is parsed from
// whole lines (RFC 4180: quoted fields may span lines, "" is a quote); a quote
// left open past MAX_SPAN lines, or to the end of the file, is reported at the
// line that opened it, and reading starts again at the line after that one.
import { StringDecoder } from 'node:string_decoder';

/** One record (its fields and the line it starts on), or a line that could not be read. */
export type CsvRecord =
  | { line: number; fields: string[] }
  | { line: number; problem: string };

export interface CsvLimits {
  /** Lines a quoted field may span before its quote counts as never closed. */
  maxSpan?: number;
  /** Characters of one line at most; the rest of a longer line is dropped and the line reported. */
  maxLine?: number;
}

type Parse = { fields: string[] } | { open: true } | { error: string };

/** Parses one record from `text` (lines joined with "\n"). */
export function parseRecord(text: string): Parse {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      // A quoted field: runs to a quote not followed by another quote.
      i += 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return { open: true };
        field += text.slice(i, q);
        if (text[q + 1] === '"') { field += '"'; i = q + 2; continue; }
        i = q + 1;
        break;
      }
      // Blanks after the closing quote are tolerated; anything else is not.
      while (text[i] === ' ' || text[i] === '\t') i += 1;
      if (i < text.length && text[i] !== ',') {
        const shown = field.length > 40 ? `${field.slice(0, 40)}…` : field;
        return { error: `field ${fields.length + 1} is quoted ("${shown}") but more text follows its closing quote; quote the whole field and double any quote inside it ("")` };
      }
    } else {
      // An unquoted field: up to the next comma. A quote inside it is kept as it is
      // (Ann "Boss" Lee), as spreadsheets read it.
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? text.length : comma;
      field = text.slice(i, end);
      i = end;
    }
    fields.push(field);
    field = '';
    if (i >= text.length) return { fields };
    i += 1; // past the comma
    if (i === text.length) { fields.push(''); return { fields }; }
  }
}

interface PhysicalLine {
  line: number;
  text: string;
  overlong: boolean;
}

/**
 * Splits input chunks into physical lines (any of CRLF, CR, LF), numbered from
 * 1; overlong lines cut and flagged. Synchronous per chunk: one promise per
 * chunk rather than one per line, which is most of what reading costs.
 */
function lineSplitter(maxLine: number): { chunk(c: Buffer | string): Generator<PhysicalLine>; end(): Generator<PhysicalLine> } {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let overlong = false;
  let line = 0;
  let first = true;
  const take = function* (text: string, final: boolean): Generator<PhysicalLine> {
    let rest = carry + text;
    carry = '';
    for (;;) {
      const m = /\r\n|\r|\n/.exec(rest);
      // A CR at the very end may be the first half of a CRLF: wait for more.
      if (!m || (!final && m[0] === '\r' && m.index === rest.length - 1)) break;
      let body = rest.slice(0, m.index);
      rest = rest.slice(m.index + m[0].length);
      if (first) { body = body.replace(/^\ufeff/, ''); first = false; }
      line += 1;
      yield { line, text: overlong ? '' : body.slice(0, maxLine), overlong: overlong || body.length > maxLine };
      overlong = false;
    }
    if (rest.length > maxLine) { overlong = true; rest = rest.slice(0, maxLine); }
    carry = rest;
  };
  return {
    chunk: (c) => take(typeof c === 'string' ? c : decoder.write(c), false),
    *end() {
      yield* take(decoder.end(), true);
      if (carry !== '' || overlong) {
        if (first) carry = carry.replace(/^\ufeff/, '');
        line += 1;
        yield { line, text: carry, overlong };
      }
    },
  };
}

/** Reads CSV records from `input`, skipping blank lines, one problem per unreadable record; the records of each input chunk come as one array. */
export async function* csvRecordChunks(input: AsyncIterable<Buffer | string>, limits: CsvLimits = {}): AsyncGenerator<CsvRecord[]> {
  const maxSpan = limits.maxSpan ?? 50;
  const maxLine = limits.maxLine ?? 64 * 1024;
  // Lines of a record still open; on a quote never closed they are read again, one by one.
  let pending: { line: number; text: string }[] = [];

  // Tries the pending lines as one record; returns what to yield and which lines to read again.
  function* settle(final: boolean): Generator<CsvRecord> {
    while (pending.length > 0) {
      // Blank lines between records are skipped (inside a quoted field they are kept).
      while (pending.length > 0 && pending[0]!.text.trim() === '') pending.shift();
      const start = pending[0];
      if (!start) return;
      // The record ends on the first line where no quote is left open.
      let text = start.text;
      let parsed = parseRecord(text);
      let end = 0;
      while ('open' in parsed && end + 1 < pending.length) {
        end += 1;
        text += `\n${pending[end]!.text}`;
        parsed = parseRecord(text);
      }
      if ('open' in parsed) {
        if (!final && pending.length < maxSpan) return;
        const last = pending.at(-1)!.line;
        yield { line: start.line, problem: `a quote opened on this line is never closed (looked to line ${last}); this line was skipped and the lines after it read on their own; close or remove the quote` };
        pending = pending.slice(1);
        continue;
      }
      pending = pending.slice(end + 1);
      if ('error' in parsed) yield { line: start.line, problem: parsed.error };
      else yield { line: start.line, fields: parsed.fields };
    }
  }

  function* records(lines: Iterable<PhysicalLine>): Generator<CsvRecord> {
    for (const { line, text, overlong } of lines) {
      if (overlong) {
        // An overlong line cannot be a record; whatever was open before it is settled first.
        yield* settle(true);
        yield { line, problem: `the line is longer than ${maxLine} characters; it was skipped` };
        continue;
      }
      pending.push({ line, text });
      yield* settle(false);
    }
  }

  const splitter = lineSplitter(maxLine);
  for await (const chunk of input) {
    const out = [...records(splitter.chunk(chunk))];
    if (out.length > 0) yield out;
  }
  const out = [...records(splitter.end()), ...settle(true)];
  if (out.length > 0) yield out;
}
