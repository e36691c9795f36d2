// Feed dates. Hand-written rather than `new Date(string)` or a date library:
// V8's parser reads a zoneless date in the machine's local zone, knows no
// zone names beyond the four US ones, no non-English months, and turns
// "03-12-31" into 2031; general date libraries (date-fns, luxon, dayjs) parse
// one format at a time and would need this same table of zone names and
// month words around them. Feeds use two grammars (RFC 822 as RSS says, and
// W3C-DTF/ISO 8601 as Atom and Dublin Core say) plus a few everyday variants,
// so a focused reader with a zone table is smaller and says exactly what it
// accepts. Anything it does not recognise is rejected (null), never guessed.

export interface FeedDate {
  /** ISO 8601 in UTC. */
  iso: string;
  /** The string had a time but no zone: read as UTC, and the caller may say so. */
  zoneless: boolean;
}

/** Zone abbreviations seen in feeds, in minutes east of UTC. */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0, WEZ: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, AST: -240, ADT: -180, NST: -210, NDT: -150,
  MET: 60, CET: 60, MEZ: 60, WEST: 60, WESZ: 60, BST: 60, IST: 330,
  MEST: 120, CEST: 120, MESZ: 120, EET: 120, OEZ: 120, EEST: 180, OESZ: 180, MSK: 180,
  SGT: 480, HKT: 480, AWST: 480, JST: 540, KST: 540, ACST: 570, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
};

/** Month words of common European languages, accents removed, lower case: full names and usual abbreviations. */
const MONTH_WORDS: string[][] = [
  ['january', 'jan', 'januar', 'janvier', 'janv', 'enero', 'ene', 'gennaio', 'gen', 'janeiro', 'januari', 'janeiro', 'stycznia', 'styczen', 'sty', 'tammikuu', 'leden', 'ledna'],
  ['february', 'feb', 'februar', 'fevrier', 'fevr', 'fev', 'febrero', 'febbraio', 'fevereiro', 'februari', 'luty', 'lutego', 'lut', 'helmikuu', 'unor', 'unora'],
  ['march', 'mar', 'marz', 'maerz', 'mrz', 'mars', 'marzo', 'marco', 'maart', 'mrt', 'marzec', 'marca', 'maaliskuu', 'brezen', 'brezna'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile', 'kwiecien', 'kwietnia', 'kwi', 'huhtikuu', 'duben', 'dubna'],
  ['may', 'mai', 'mayo', 'maggio', 'mag', 'maio', 'mei', 'maj', 'maja', 'toukokuu', 'kveten', 'kvetna'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu', 'junho', 'czerwiec', 'czerwca', 'cze', 'kesakuu', 'cerven', 'cervna'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho', 'lipiec', 'lipca', 'lip', 'heinakuu', 'cervenec', 'cervence'],
  ['august', 'aug', 'aout', 'agosto', 'ago', 'augustus', 'augusti', 'sierpien', 'sierpnia', 'sie', 'elokuu', 'srpen', 'srpna'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre', 'set', 'settembre', 'sett', 'setembro', 'wrzesien', 'wrzesnia', 'wrz', 'syyskuu', 'zari'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott', 'outubro', 'out', 'pazdziernik', 'pazdziernika', 'paz', 'lokakuu', 'rijen', 'rijna'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'listopad', 'listopada', 'lis', 'marraskuu'],
  ['december', 'dec', 'dezember', 'dez', 'decembre', 'diciembre', 'dic', 'dicembre', 'dezembro', 'desember', 'des', 'grudzien', 'grudnia', 'gru', 'joulukuu', 'prosinec', 'prosince'],
];
/** More languages, as [month 1..12 words] lists: Scandinavian, Finnish genitive, Romanian, Turkish, Russian. */
const MORE_MONTH_WORDS = [
  'tammikuuta,ianuarie,ian,ocak,oca,января,январь,янв',
  'helmikuuta,februarie,subat,şubat,sub,şub,февраля,февраль,фев',
  'marts,maaliskuuta,martie,mart,марта,март,мар',
  'huhtikuuta,aprilie,nisan,nis,апреля,апрель,апр',
  'toukokuuta,mayis,mayıs,мая,май',
  'kesakuuta,iunie,iun,haziran,haz,июня,июнь,июн',
  'heinakuuta,iulie,iul,temmuz,tem,июля,июль,июл',
  'elokuuta,agustos,ağustos,agu,ağu,августа,август,авг',
  'syyskuuta,septembrie,eylul,eylül,eyl,сентября,сентябрь,сен,сент',
  'lokakuuta,octombrie,ekim,eki,октября,октябрь,окт',
  'marraskuuta,noiembrie,noi,kasim,kasım,kas,ноября,ноябрь,ноя',
  'joulukuuta,decembrie,aralik,aralık,ara,декабря,декабрь,дек',
];
const MONTHS = new Map<string, number>();
MONTH_WORDS.forEach((words, i) => words.forEach((w) => MONTHS.set(fold(w), i + 1)));
MORE_MONTH_WORDS.forEach((words, i) => words.split(',').forEach((w) => MONTHS.set(fold(w), i + 1)));

/** Words between the parts of a date in everyday writing. */
const FILLERS = new Set(['de', 'del', 'of', 'at', 'um', 'a', 'alle', 'las', 'om', 'kl', 'le', 'el', 'the', 'o', 'godz', 'klo']);

function fold(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\.$/, '');
}

/** Reads a feed date; null when the string is not a date this reader is sure of. `now` pivots two-digit years. */
export function parseFeedDate(value: unknown, now: Date = new Date()): FeedDate | null {
  if (typeof value !== 'string') return null;
  const s = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (s === '' || s.length > 100) return null;
  return isoDate(s, now) ?? textDate(s, now);
}

// W3C-DTF / ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD, then THH:MM[:SS[.fff]] and a
// zone; a space for the T, a compact basic form, and a two-digit year
// ("03-12-31", read year first as ISO order says) are accepted too.
const ISO = /^(\d{4}|\d{2})(?:-?(\d{2})(?:-?(\d{2})(?:(?:T|\s)(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;

function isoDate(s: string, now: Date): FeedDate | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  if (y!.length === 2 && !d) return null; // "03" or "03-12" is not a date
  if (y!.length === 4 && mo && !d && s.length === 6) return null; // "200306" is ambiguous
  const year = y!.length === 2 ? fullYear(Number(y), now) : Number(y);
  const offset = zone ? zoneOffset(zone) : 0;
  if (offset === null) return null;
  return build(year, Number(mo ?? 1), Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), frac ? Number(`0.${frac}`) * 1000 : 0, offset, h !== undefined && !zone);
}

/**
 * RFC 822 and its everyday variants: "[Day,] DD Mon YYYY HH:MM[:SS] [zone]",
 * "Mon DD, YYYY [HH:MM [AM|PM]] [zone]", JavaScript's "Tue Jun 03 2025 10:00:00 GMT+0200 (CEST)",
 * and numeric "DD.MM.YYYY", "YYYY/MM/DD", "MM/DD/YYYY" with an optional time.
 */
function textDate(s: string, now: Date): FeedDate | null {
  const tokens = s.replace(/\([^)]*\)/g, ' ')
    // RFC 850's "Sunday, 06-Nov-94": the dashes separate words, not numbers.
    .replace(/\b(\d{1,2})-(\p{L}{3,}\.?)-(\d{2,4})\b/gu, '$1 $2 $3').replace(/,/g, ' ').split(/\s+/).filter(Boolean);
  // A leading word is a day name (in whatever language) when another token is
  // the month: "mar" is Tuesday in French and Spanish but March in English.
  if (tokens.length > 1 && /^\p{L}+\.?$/u.test(tokens[0]!) && tokens.slice(1).some((t) => MONTHS.has(fold(t)))) tokens.shift();
  let day: number | null = null;
  let month: number | null = null;
  let year: number | null = null;
  let time: { h: number; m: number; s: number; ms: number } | null = null;
  let offset: number | null = null;
  let zoned = false;
  let meridiem: 'am' | 'pm' | null = null;
  const numbers: string[] = [];
  for (let t of tokens) {
    const folded = fold(t);
    if (/^\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?([+-]\d{2}:?\d{2}|z)?$/i.test(t)) {
      if (time) return null;
      const tz = /([+-]\d{2}:?\d{2}|z)$/i.exec(t);
      if (tz) {
        offset = zoneOffset(tz[1]!);
        zoned = true;
        t = t.slice(0, tz.index);
      }
      const [hh, mm, ss] = t.split(':');
      const [sec, frac] = (ss ?? '0').split(/[.,]/);
      time = { h: Number(hh), m: Number(mm), s: Number(sec), ms: frac ? Number(`0.${frac}`) * 1000 : 0 };
    } else if (/^(am|pm|a\.m\.|p\.m\.)$/i.test(t)) {
      meridiem = t[0]!.toLowerCase() === 'a' ? 'am' : 'pm';
    } else if (/^[+-]\d{4}$|^[+-]\d{2}:\d{2}$/.test(t) && time) {
      if (zoned) return null;
      offset = zoneOffset(t);
      zoned = true;
    } else if (/^\d+(st|nd|rd|th)?\.?$/i.test(t) || /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(t)) {
      numbers.push(t.replace(/(st|nd|rd|th)?\.?$/i, ''));
    } else if (MONTHS.has(folded) && month === null) {
      month = MONTHS.get(folded)!;
    } else if (/^\d{1,2}h\d{2}$/i.test(t) && !time) {
      // French "10h30".
      const [hh, mm] = t.toLowerCase().split('h');
      time = { h: Number(hh), m: Number(mm), s: 0, ms: 0 };
    } else if (FILLERS.has(folded)) {
      // The "de" of "3 de junio de 2025", the "at" of "2 June 2025 at 10:00".
    } else if (time && zoneOffset(t) !== null) {
      // A second zone ("+0000 GMT") repeats the first.
      if (!zoned) offset = zoneOffset(t);
      zoned = true;
    } else {
      return null;
    }
  }
  if (offset === null) offset = 0;
  if (month !== null) {
    // Words for the month: the numbers are the day and the year.
    const plain = numbers.filter((n) => /^\d+$/.test(n));
    if (plain.length !== numbers.length || plain.length !== 2) return null;
    const [a, b] = plain as [string, string];
    if (a.length >= 3) [year, day] = [Number(a), Number(b)];
    else [day, year] = [Number(a), b.length >= 3 ? Number(b) : fullYear(Number(b), now)];
  } else {
    // All numeric: one token with separators.
    if (numbers.length !== 1) return null;
    const parts = numbers[0]!.split(/[./-]/);
    if (parts.length !== 3) return null;
    const [p, q, r] = parts.map(Number) as [number, number, number];
    const sep = /[./-]/.exec(numbers[0]!)![0];
    if (parts[0]!.length === 4) [year, month, day] = [p, q, r];
    else if (parts[2]!.length === 4 || sep !== '-') {
      const y = parts[2]!.length === 4 ? r : fullYear(r, now);
      // Day first in Europe ("31.12.2025", "31/12/2025"); month first only
      // where the day cannot be first ("12/31/2025").
      if (sep === '.' || p > 12) [day, month, year] = [p, q, y];
      else if (q > 12) [month, day, year] = [p, q, y];
      else if (sep === '/') [month, day, year] = [p, q, y];
      else return null;
    } else return null;
  }
  if (day === null || year === null) return null;
  let h = time?.h ?? 0;
  if (meridiem) {
    if (!time || h < 1 || h > 12) return null;
    h = (h % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  return build(year, month, day, h, time?.m ?? 0, time?.s ?? 0, time?.ms ?? 0, offset, time !== null && !zoned);
}

/** A two-digit year: this century unless that would be in the future, then the last. */
function fullYear(yy: number, now: Date): number {
  const century = Math.floor(now.getUTCFullYear() / 100) * 100;
  return century + yy <= now.getUTCFullYear() ? century + yy : century - 100 + yy;
}

/** Minutes east of UTC for "+02:00", "-0500", "+02", "Z", a zone name, "GMT+2", "Etc/GMT-3" or an IANA zone; null when unknown. */
function zoneOffset(zone: string): number | null {
  const z = zone.trim();
  const upper = z.toUpperCase();
  if (upper in ZONES) return ZONES[upper]!;
  // RFC 822's military letters had their signs reversed in practice; RFC 2822
  // says to read them as an unknown zone, i.e. UTC.
  if (/^[A-IK-Y]$/.test(upper)) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (numeric) {
    const [, sign, hh, mm] = numeric;
    if (Number(hh) > 14 || Number(mm ?? 0) > 59) return null;
    return (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm ?? 0));
  }
  // POSIX-style Etc/GMT+5 means five hours *behind* UTC.
  const etc = /^etc\/(?:gmt|utc)([+-])(\d{1,2})$/i.exec(z);
  if (etc) return (etc[1] === '+' ? -1 : 1) * Number(etc[2]) * 60;
  const named = /^(?:GMT|UTC|UT)([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(z);
  if (named) return (named[1] === '-' ? -1 : 1) * (Number(named[2]) * 60 + Number(named[3] ?? 0));
  return null;
}

function build(year: number, month: number, day: number, h: number, mi: number, s: number, ms: number, offset: number, zoneless: boolean): FeedDate | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days || h > 24 || mi > 59 || s > 60 || (h === 24 && (mi || s || ms))) return null;
  // A leap second is read as the last second of its minute.
  const t = Date.UTC(year, month - 1, day, h, mi, Math.min(s, 59), Math.round(ms)) - offset * 60_000;
  if (!Number.isFinite(t)) return null;
  return { iso: new Date(t).toISOString(), zoneless };
}
