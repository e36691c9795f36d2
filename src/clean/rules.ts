// The kinds of page furniture a scraped article carries, as rules over a
// line's shape and vocabulary. Each rule looks at one line (or one sentence)
// alone; furniture.ts decides with the neighbours.

const words = (line: string): string[] => line.split(/\s+/).filter(Boolean);

/** A line that ends like a sentence (or a quotation of one). */
export function endsLikeSentence(line: string): boolean {
  return /[.!?…。！？]["”’」』)\]）]*$/.test(line);
}

/** A bare counter left from a share or comment button: "2", "1.2K", "14 shares". */
export function isCounter(line: string): boolean {
  return /^[(\[]?\d[\d.,]*\s*[km]?[)\]]?(\s+(shares?|views?|likes?|reactions?|comments?))?$/i.test(line);
}

/** A line of hashtags ("#North #Korea #crypto"). */
export function isHashtagLine(line: string): boolean {
  // A quoted post ("“#babyboy #soon!”") is the article quoting someone.
  if (/^["“‘'«]/.test(line)) return false;
  const w = words(line);
  const tags = w.filter((x) => /^#[\p{L}\p{N}_]+$/u.test(x)).length;
  return tags >= 2 && tags / w.length >= 0.6;
}

/**
 * Between the names of a trail: "›", "»" and the full-width "＞" even without
 * spaces (as Chinese and Japanese sites write them), the others only with
 * spaces around, since "and/or", "Jong-un" and "安娜·卡尔松" are words.
 */
const SEPARATOR = /\s+[|·•/\-–]\s+|\s*[›»＞｜]\s*|\s+>\s+/g;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Separator trail: "Home › World › Asia", "News / Politics / Europe". A trail
 * uses one separator throughout, between three or more short names that start
 * with a letter ("/" and "-" only between capitalised names, with spaces
 * around). So a title like "Friday Facts #282 - 0.17 in sight | Factorio", a
 * line of SQL, or a Chinese sentence whose names hold "·" is not a trail.
 */
export function isSeparatorTrail(line: string): boolean {
  if (endsLikeSentence(line) || line.length > 160) return false;
  const seps = line.match(SEPARATOR);
  if (!seps || seps.length < 2) return false;
  const kinds = new Set(seps.map((x) => x.trim()));
  if (kinds.size !== 1) return false;
  const kind = [...kinds][0]!;
  const parts = line.split(SEPARATOR).map((p) => p.trim());
  const nameStart = /^[/\-–]$/.test(kind) ? /^\p{Lu}/u : /^\p{L}/u;
  // A name in a script written without spaces is one "word": it must be short by characters instead.
  const short = (p: string) => words(p).length <= 4 && p.length <= 40 && (/\s/.test(p) || !CJK.test(p) || p.length <= 12);
  return parts.length >= 3 && parts.every((p) => nameStart.test(p) && short(p) && !/[#@=;(){}]|\d{3,}/.test(p));
}

const SOCIAL = new Set([
  'share', 'shares', 'shared', 'sharing', 'tweet', 'retweet', 'pin', 'email', 'e-mail', 'mail', 'print', 'copy', 'link',
  'facebook', 'twitter', 'x', 'linkedin', 'reddit', 'whatsapp', 'telegram', 'pinterest', 'instagram', 'tumblr',
  'youtube', 'tiktok', 'mastodon', 'bluesky', 'threads', 'messenger', 'flipboard', 'pocket', 'sms', 'rss',
  'follow', 'like', 'likes', 'loading', 'click', 'to', 'on', 'this', 'us', 'via', 'the', 'article', 'story', 'post',
  'page', 'and', 'or', 'opens', 'in', 'new', 'window', 'more', 'options', 'with', 'your', 'friends',
]);
const SOCIAL_ACTION = /^(share|shares|sharing|tweet|retweet|pin|email|print|follow|like|facebook|twitter|linkedin|whatsapp|reddit|telegram|pinterest)$/;

/** A share/follow button row: only share words and network names ("Share this: Facebook Twitter Email"). */
export function isShareLine(line: string): boolean {
  const w = line.toLowerCase().split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
  return w.length > 0 && w.length <= 16 && w.every((x) => SOCIAL.has(x)) && w.some((x) => SOCIAL_ACTION.test(x));
}

const NUMBER_WORDS = '(?:\\d+|no|one|two|three|four|five|six|seven|eight|nine|ten)';

/**
 * Where a comment section starts. "strong": it can only be that ("2 Comments",
 * "Leave a reply", "Comments (3)", "5 thoughts on “…”"); "weak": a bare
 * "Comments" or "Discussion", which could also head a table column or a
 * section of the article. Null: not a marker.
 */
export function commentMarker(line: string): 'strong' | 'weak' | null {
  const l = line.replace(/[:.!]+$/, '').trim();
  if (
    new RegExp(`^${NUMBER_WORDS}\\s+(comments?|responses?|replies|reactions)$`, 'i').test(l) ||
    new RegExp(`^${NUMBER_WORDS}\\s+(thoughts?|responses?|comments?) (on|to) [“"'‘].*$`, 'i').test(l) ||
    /^(comments?|responses?)\s*\(\d+\)$/i.test(l) ||
    /^(leave|post|add|write|submit) (a |your |new )?(reply|comment|response)( cancel reply)?$/i.test(l) ||
    /^(join|start) the (discussion|conversation)$/i.test(l) ||
    /^(show|view|read|load) (all )?(\d+ )?comments$/i.test(l)
  ) return 'strong';
  if (/^(comments|responses|discussion|reader comments)$/i.test(l)) return 'weak';
  return null;
}

/** The fields of a comment form and its fine print. */
export function isCommentForm(line: string): boolean {
  return (
    /^please enter (your|a) (comment|name|e-?mail|website)/i.test(line) ||
    /^(your )?(name|e-?mail|website|comment)\s*(\*|:|\*\s*:|:\s*\*)$/i.test(line) ||
    /^your e-?mail address will not be published/i.test(line) ||
    /^required fields are marked/i.test(line) ||
    /^save my name,? e-?mail/i.test(line) ||
    /^notify me of (follow-up comments|new (posts|comments))/i.test(line) ||
    /^you must be logged in to (post|leave) a comment/i.test(line) ||
    /^(post|submit|send) (comment|reply)$/i.test(line) ||
    /^cancel reply$/i.test(line) ||
    /^(log in|sign in) to (comment|reply)/i.test(line)
  );
}

/** An anti-spam or captcha notice ("This site uses Akismet to reduce spam…"). */
export function isSpamNotice(line: string): boolean {
  return (/\b(akismet|recaptcha|hcaptcha|captcha)\b/i.test(line) && /\b(spam|comment|privacy|protected)\b/i.test(line)) || /^learn how your comment data is processed/i.test(line);
}

/** A lone word or label from the page around the article: "Advertisement", "Related articles", "Read more: …". */
export function isPageLabel(line: string): boolean {
  return (
    /^(advertisement|advertising|sponsored( content)?|ad|related( articles| stories| posts| news)?|recommended( for you)?|more from [\p{L} ]+|you may also like|trending( now)?|most (read|popular))$/iu.test(line) ||
    (/^(read more|read also|also read|related|see also|more|watch|listen)\s*[:»>-]\s*\S/i.test(line) && words(line).length <= 20)
  );
}

/** A photo credit or caption label on a line of its own: "Photo: AP", "(Image: Getty Images)", "Photo by Jane Doe/Reuters". */
export function isPhotoCredit(line: string): boolean {
  return words(line).length <= 12 && /^\(?(photo|image|picture|foto|photograph|illustration|video)s?\s*(credit|copyright|caption|by|:)\s*:?\s*\S[^!?]{0,80}\)?$/i.test(line);
}

/**
 * A bare credit line ("Credit: Jane Doe", "© Reuters", "Credit…Jane Doe for
 * The Times"). On a news page these sit under every photo's caption and are
 * part of what the reader view shows, so furniture.ts only removes one next to
 * a photo label, where it is caption furniture for sure.
 */
export function isCreditLine(line: string): boolean {
  return words(line).length <= 12 && /^\(?(credit|copyright|©)\s*(:|…|\.\.\.)?\s*\S[^.!?]{0,60}\)?$/i.test(line);
}

/**
 * A call to subscribe, follow, share or donate, said to the reader: an
 * imperative that opens the sentence, or "you can/should …" with one of those
 * verbs, or the blog's own newsletter or donation. Third-person news about
 * subscribers or donations does not match.
 */
export function isCallToAction(sentence: string): boolean {
  const s = sentence.trim();
  const verb = '(subscribe|sign up|follow us|follow me|donate|make a donation|support us|support our|share this|join us|join our|like us|become a (member|patron|subscriber))';
  return (
    new RegExp(`^(now |so |and |please |also |then |don['’]t forget to |be sure to |remember to |why not |feel free to |click here to )*${verb}\\b`, 'i').test(s) ||
    new RegExp(`\\byou (can|could|should|may|might|will|must)( also| really| now| even| just| always)* ${verb}`, 'i').test(s) ||
    /\b(subscribe|sign up) (to|for) (this|our|my) (blog|site|newsletter|channel|podcast|feed|page|mailing list)\b/i.test(s) ||
    /\b(follow|find|like) us on\b/i.test(s) ||
    /\b(make a donation|donate) (through|via|with|on|to us|here|now|today)\b/i.test(s) ||
    /\bwould you (consider|like to|mind) (support|subscrib|donat|shar|follow)/i.test(s) ||
    /^(please )?(support|fund) (us|our (work|journalism|blog|site|newsletter))\b/i.test(s) ||
    /\b(support|supporting|fund|funding) (this (blog|site|newsletter|channel|podcast)|our (journalism|blog|site|newsletter))\b/i.test(s) ||
    /\bkeeps? (this|our) (blog|site|newsletter|page|channel|podcast) (going|alive|running|free)\b/i.test(s)
  );
}

/** A call to action that says nothing on its own, so it only counts next to real ones ("Thank you!"). */
export function isCourtesy(sentence: string): boolean {
  return /^(thank you|thanks|cheers)( for (reading|your support|visiting))?[.!]*$/i.test(sentence.trim());
}
