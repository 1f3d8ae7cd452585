/**
 * "Before you post": the risks Social Care Wales' "Using social media responsibly" (2019)
 * names, found in a worker's draft post by rules a person can read and argue with. No
 * model, no scoring: word lists and patterns, each kind tied to the clauses it comes from.
 *
 * The draft is never kept: this is a pure function of its input, and nothing here (or in
 * the page and API that call it) stores or logs it.
 *
 * It is a prompt to think, not a clearance: the guidance itself says it cannot foresee
 * every case and leaves the rest to the worker's own judgement.
 */

import { clauseHref as guidanceHref } from './guidance/queries.js';

/** In the order the page lists them. */
export const POST_FINDING_KINDS = [
  'identifying_details',
  'people_supported',
  'colleagues_or_employer',
  'emotional_tone',
  'location_traces',
  'photo_without_consent',
] as const;
export type PostFindingKind = (typeof POST_FINDING_KINDS)[number];

export const SOCIAL_MEDIA_DOCUMENT = 'social-media';

/** The catalogue's clause refs for the social media guidance (document `social-media`). */
export const SOCIAL_MEDIA_CLAUSE_REFS = ['privacy', 'sharing', 'integrity', 'tip-2', 'tip-4', 'tip-5', 'tip-8', 'tip-9'] as const;
export type SocialMediaClauseRef = (typeof SOCIAL_MEDIA_CLAUSE_REFS)[number];

export const PHOTO_CONSENT_ANSWERS = ['yes', 'no', 'not_sure'] as const;
export type PhotoConsent = (typeof PHOTO_CONSENT_ANSWERS)[number];

/** Longer than any post the common networks allow, and short enough to check at once. */
export const MAX_DRAFT_LENGTH = 5000;

/** At most this many quoted phrases per finding: enough to see why, not a copy of the draft. */
export const MAX_EVIDENCE = 5;

/** Which clauses each risk comes from; the first is the one the risk is mainly about. */
export const CLAUSES_FOR: Readonly<Record<PostFindingKind, readonly SocialMediaClauseRef[]>> = {
  // Respect for rights, privacy and confidential information; assume everything is public.
  identifying_details: ['privacy', 'tip-2'],
  // Never write about the people you support, even when you think nobody could tell who
  // they are; posting anonymously is no protection;
  // do not misuse access to personal information.
  people_supported: ['privacy', 'tip-4', 'integrity'],
  // Nothing that would embarrass you, the people you work for or social care; colleagues' privacy
  // and dignity; no bullying or harassment.
  colleagues_or_employer: ['sharing', 'privacy', 'integrity'],
  // Wait until you are calm before posting; would you be happy to see it in print; ask first.
  emotional_tone: ['tip-5', 'integrity', 'tip-9'],
  // Keep your location untraceable, photos included; assume posts are public.
  location_traces: ['tip-8', 'tip-2'],
  // No pictures of people without their informed consent; photos can give away where you are.
  photo_without_consent: ['privacy', 'tip-8'],
};

/** Where a clause of the guidance is read in Diogel. */
export function clauseHref(ref: SocialMediaClauseRef): string {
  return guidanceHref(SOCIAL_MEDIA_DOCUMENT, ref);
}

export interface PostCheckInput {
  text: string;
  photoAttached: boolean;
  photoConsent?: PhotoConsent | undefined;
}

export interface PostFinding {
  kind: PostFindingKind;
  clauseRefs: SocialMediaClauseRef[];
  /** Words of the draft that raised it, in the order they appear (possibly none, for an attached photo). */
  evidence: string[];
}

interface Hit {
  index: number;
  text: string;
}

// ---------------------------------------------------------------------------------------
// Pattern helpers. Words are bounded by anything that is not a letter or digit (Welsh
// letters included), and a space in a phrase stands for any run of white space.

const L = '(?<![\\p{L}\\p{N}])';
const R = '(?![\\p{L}\\p{N}])';
const spaced = (src: string) => src.replace(/ \?/g, '\\s*').replace(/ /g, '\\s+');

/** Whole words or phrases, any case. */
function words(...alternatives: string[]): RegExp {
  return new RegExp(`${L}(?:${alternatives.map(spaced).join('|')})${R}`, 'giu');
}

/** A pattern where capital letters matter (names, places); wrap its fixed words in `ci` to let them take either case. */
function cased(src: string): RegExp {
  return new RegExp(`${L}(?:${spaced(src)})${R}`, 'gu');
}

/** Lower-case letters in `s` match either case: for the fixed words inside a case-sensitive pattern. */
function ci(s: string): string {
  return s.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

function hitsOf(text: string, patterns: readonly RegExp[], accept: (m: RegExpMatchArray) => boolean = () => true): Hit[] {
  const out: Hit[] = [];
  for (const p of patterns) {
    for (const m of text.matchAll(p)) {
      if (m.index === undefined || !accept(m)) continue;
      out.push({ index: m.index, text: m[0] });
    }
  }
  return out;
}

/** A capitalised word, as names and places are written (Welsh letters and apostrophes included). */
const CAP = "[A-Z\\u00C0-\\u00DE\\u0174\\u0176][\\p{Ll}]+(?:['’-][\\p{L}]+)*";

// ---------------------------------------------------------------------------------------
// Words that are capitalised without being anyone's name.

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const NOT_NAMES = new Set([
  ...MONTHS,
  ...DAYS,
  'mr', 'mrs', 'ms', 'miss', 'dr', 'mum', 'mam', 'mom', 'dad', 'nan', 'nana', 'nanna', 'gran', 'granny', 'grandad', 'grandma', 'grandpa', 'nain', 'taid', 'mamgu', 'tadcu',
  'god', 'christmas', 'xmas', 'easter', 'halloween', 'eid', 'diwali', 'nadolig', 'pasg', 'new', 'year',
  'facebook', 'instagram', 'twitter', 'tiktok', 'whatsapp', 'snapchat', 'youtube', 'linkedin', 'insta', 'netflix',
  'wales', 'welsh', 'cymru', 'cymraeg', 'english', 'england', 'britain', 'british', 'scotland', 'ireland', 'uk',
  'ok', 'okay', 'lol', 'omg', 'tv', 'covid', 'friday', 'bank', 'holiday', 'holidays',
  'the', 'a', 'an', 'and', 'but', 'so', 'or', 'my', 'our', 'we', 'you', 'he', 'she', 'they', 'it', 'this', 'that', 'what', 'why', 'how', 'when',
  'where', 'who', 'if', 'just', 'not', 'no', 'yes', 'please', 'thanks', 'thank', 'happy', 'hope', 'love', 'great', 'well', 'oh', 'also', 'still',
  'proud', 'best', 'good', 'lovely', 'hapus', 'diolch', 'bore', 'nos', 'da', 'dydd', 'ddydd', 'llongyfarchiadau', 'penblwydd', 'pen-blwydd',
]);

/**
 * Common first names (English and Welsh), for a name at the start of a sentence, where a
 * capital letter says nothing. Names that are also everyday words (Will, May, Hope) are left out.
 */
const FIRST_NAMES = new Set([
  'mary', 'margaret', 'joan', 'jean', 'john', 'david', 'dave', 'peter', 'paul', 'michael', 'mike', 'james', 'jim', 'tom', 'thomas', 'sarah',
  'sally', 'susan', 'karen', 'linda', 'helen', 'emma', 'lucy', 'lily', 'chloe', 'sophie', 'olivia', 'jack', 'harry', 'oliver', 'charlie',
  'george', 'ryan', 'jake', 'josh', 'liam', 'dylan', 'rhys', 'ieuan', 'gareth', 'gethin', 'owain', 'osian', 'emyr', 'dafydd', 'dai', 'huw',
  'iwan', 'aled', 'carys', 'cerys', 'ffion', 'mair', 'megan', 'nia', 'sian', 'siân', 'eleri', 'gwen', 'gwyneth', 'bethan', 'angharad',
  'lowri', 'seren', 'elin', 'catrin', 'tomos', 'evan', 'rob', 'ian', 'steve', 'alan', 'brian', 'barbara', 'betty', 'dorothy', 'doris',
  'elsie', 'glenys', 'iris', 'ivy', 'beryl', 'sheila', 'phil', 'kate', 'katie', 'amy', 'jess', 'rachel', 'hannah', 'leah', 'mia', 'ella',
  'eira', 'eirlys', 'nerys', 'gwilym', 'dewi', 'ifan', 'alun', 'bryn', 'glyn', 'wyn', 'elwyn', 'mared', 'manon', 'sioned', 'tegan', 'ffred',
]);

/** Towns and cities in Wales (English and Welsh names): a place names a service and the people near it. */
const TOWNS = [
  'Cardiff', 'Caerdydd', 'Swansea', 'Abertawe', 'Newport', 'Casnewydd', 'Wrexham', 'Wrecsam', 'Bangor', 'Aberystwyth', 'Carmarthen',
  'Caerfyrddin', 'Merthyr', 'Merthyr Tydfil', 'Bridgend', 'Pen-y-bont', 'Llanelli', 'Barry', 'Y Barri', 'Rhyl', 'Y Rhyl', 'Caernarfon',
  'Pontypridd', 'Neath', 'Castell-nedd', 'Port Talbot', 'Cwmbran', 'Cwmbrân', 'Newtown', 'Y Drenewydd', 'Llandudno', 'Haverfordwest',
  'Hwlffordd', 'Brecon', 'Aberhonddu', 'Aberdare', 'Aberdâr', 'Caerphilly', 'Caerffili', 'Conwy', 'Mold', 'Yr Wyddgrug', 'Dolgellau',
  'Pwllheli', 'Holyhead', 'Caergybi', 'Tenby', 'Dinbych-y-pysgod', 'Monmouth', 'Trefynwy', 'Abergavenny', 'Y Fenni', 'Ebbw Vale',
  'Glyn Ebwy', 'Llandrindod', 'Welshpool', 'Y Trallwng', 'Denbigh', 'Dinbych', 'Ruthin', 'Rhuthun', 'Porthmadog', 'Blaenau Ffestiniog',
  'Cardigan', 'Aberteifi', 'Lampeter', 'Llanbedr Pont Steffan', 'Pembroke', 'Penfro', 'Milford Haven', 'Aberdaugleddau', 'Tredegar',
  'Pontypool', 'Pont-y-pŵl', 'Chepstow', 'Cas-gwent', 'Flint', 'Y Fflint', 'Prestatyn', 'Colwyn Bay', 'Bae Colwyn', 'Machynlleth', 'Bala',
];
const TOWN_PATTERN = cased(TOWNS.join('|'));

// ---------------------------------------------------------------------------------------
// People the worker supports (privacy: nothing about them at all, identifiable or not).

const PERSON = 'clients?|residents?|patients?|service users?|tenants?|young (?:people|person)|care leavers?|cared[- ]for';
/** "our lovely residents", "my new client". */
const ADJ = '(?:(?:lovely|wonderful|amazing|fab|favourite|new|older|oldest|youngest|elderly|little|young|poor|regular|usual|long-term|current|newest) )?';
const PEOPLE_SUPPORTED = [
  words('service[- ]users?', 'defnyddiwr gwasanaeth', 'defnyddwyr (?:y )?gwasanaeth'),
  words(`(?:my|our|a|an|the|one of (?:my|our|the)|another|new|two|three|some|all (?:the|our)) ${ADJ}(?:${PERSON})`),
  words(`(?:our|one of our) ${ADJ}(?:ladies|lady|gents|gent|gentlemen|gentleman)`),
  words(
    '(?:clients?|residents?|young (?:people|person)|people|person|famil(?:y|ies)|lady|ladies|gentleman|gentlemen|gents?|man|woman|boy|girl|lad|lass|child|children|kids?|teenager|teen|chap|couple|mum|dad) (?:that |who )?(?:I|we) (?:support|supported|care for|cared for|look after|looked after|visit|visited|work with|worked with|key ?work|am supporting|are supporting|was supporting|were supporting)',
  ),
  words('one of (?:my|our) (?:ladies|gents|lads|young people|families|residents|clients|service users|tenants|cases)'),
  words('(?:on|in) (?:my|our|her|his|their) case ?loads?', 'case ?loads?'),
  words('(?:home|house|welfare) visits?', 'care (?:packages?|plans?)', 'personal care', 'support plans?'),
  words('looked[- ]after (?:child|children|young people|young person)', 'in foster care', 'foster placements?', 'placement (?:broke down|breakdown)'),
  words('safeguarding (?:referral|concern|alert|case)s?', '(?:his|her|their) (?:social worker|care plan|support worker|key ?worker|carers?|medication|meds)'),
  words('absconded', 'sectioned', 'restrained', '(?:lady|gentleman|gent|man|woman|resident|patient|chap|boy|girl|lad) (?:in|from) room \\d+'),
  // Welsh
  words('cleient(?:iaid)?', 'preswylydd', 'preswylwyr', 'cleifion', "(?:un o'n|un o'r|ein|fy) (?:claf|cleifion|preswylwyr|cleientiaid|pobl ifanc)"),
  words("(?:person|pobl|teulu|plentyn|plant|dyn|menyw|dynes) (?:dw i|dwi|rwy|rydw i|rydyn ni|ry'n ni)(?:'n| yn) (?:ei |eu )?(?:gefnogi|cefnogi|gofalu am)"),
  words('(?:y|yr|un) teulu (?:es i|wnes i|fues i|aethon ni) (?:i )?(?:ymweld|weld)', 'ymweliad cartref', 'cynllun gofal', 'gofal personol', 'llwyth achosion'),
];

// ---------------------------------------------------------------------------------------
// Colleagues, managers and the employer (sharing: nothing that reflects badly on you, your
// employer or the profession; privacy: colleagues' privacy and dignity).

const COLLEAGUES = [
  words('colleagues?', 'co-?workers?', 'work ?mates?', 'managers?', 'management', 'supervisors?', 'team leaders?', 'line manager', 'deputy manager'),
  words('(?:my|our|the) (?:boss|bosses|employer|organisation|organization|seniors|deputy|HR|rota)', '(?:my|our) team'),
  words('(?:night|day|agency|bank|care|support) staff', '(?:\\w+ )?staff short', 'the (?:home|place|service|unit|ward|company) I work (?:at|in|for)', 'staff (?:meeting|room|shortages?)', 'short[- ]staffed', 'understaffed', 'head office', 'senior management', '(?:night|day|care|support|management) team'),
  words('rota', 'social services', 'the council', 'local authority', 'health board', 'my workplace', 'where I work'),
  cased(`(?:${CAP} )+(?:County |Borough |City )*Council`),
  cased(`${CAP} from work`),
  // Welsh
  words('cydweithiwr', 'cydweithwyr', 'cyd-weithwyr', 'rheolwr', 'rheolwraig', 'rheolwyr', 'y cyngor', 'cyngor sir', 'cyflogwr', 'y bos', 'y staff', 'y rota'),
  words('fy nhîm', 'ein tîm', 'y tîm', 'fy nhim', 'ein tim', 'y tim'),
];

// ---------------------------------------------------------------------------------------
// Anger, venting, shouting (tip 5: wait until you are calm).

const EMOTIONAL = [
  words('angry', 'furious', 'fuming', 'livid', 'raging', 'seething', 'sick of', 'sick to death', 'sick and tired', 'fed up', 'had enough'),
  words("can'?t take (?:it |this )?any ?more", 'cannot take (?:it |this )?any ?more', 'so done with', 'done with this', 'hate', 'hating', 'hated'),
  words('rant', 'venting', 'vent', 'let(?:ting)? off steam', 'losing (?:it|my mind|the plot)', 'end of my tether', 'breaking point'),
  words('in tears', 'crying', 'screaming', 'from hell', 'nightmare', 'disgrace(?:ful)?', 'disgusting', 'pathetic', 'useless', 'idiots?', 'incompetent'),
  words('lazy', 'clueless', '(?:is|was|are|were) a (?:joke|shambles)', 'shambles', 'stressed', 'pissed off', 'piss(?:ed|ing)?', 'fuck\\w*', 'f\\*+\\w*'),
  words('shit\\w*', 's\\*+t', 'crap', 'bloody', 'damn', 'bastards?', 'arse', 'wtf', 'ffs', 'sod (?:this|that|off|it)'),
  // Welsh
  words('llond bol', 'wedi laru', 'gandryll', 'candryll', 'crac', 'grac', 'casáu', 'yn gynddeiriog', 'wedi cael digon', 'hunllef', 'anobeithiol'),
];

/** Short capitals that are not shouting. */
const ACRONYMS = new Set(['NHS', 'DBS', 'GP', 'UK', 'CCTV', 'COVID', 'ASAP', 'HR', 'CPD', 'SSSC', 'RSVP', 'BBC', 'ITV', 'GCSE', 'GCSES', 'ADHD', 'OCD', 'MRI', 'A&E', 'PPE', 'LOL', 'OMG', 'BBQ', 'DIY', 'CPR', 'AM', 'PM', 'TV', 'SCW', 'CIW']);

function shouting(text: string): Hit[] {
  const caps = [...text.matchAll(/(?<![\p{L}\p{N}])[A-Z]{3,}(?![\p{L}\p{N}])/gu)].filter((m) => !ACRONYMS.has(m[0]) && m.index !== undefined);
  const loud = caps.length >= 2 || caps.some((m) => m[0].length >= 5);
  if (!loud) return [];
  // Neighbouring capitals are one shout ("WHY DOES NOBODY LISTEN"), quoted up to 60 characters.
  const out: Hit[] = [];
  for (const m of caps) {
    const last = out[out.length - 1];
    const gap = last ? text.slice(last.index + last.text.length, m.index!) : null;
    if (last && gap !== null && /^[\s,]+$/.test(gap) && m.index! + m[0].length - last.index <= 60) last.text = text.slice(last.index, m.index! + m[0].length);
    else out.push({ index: m.index!, text: m[0] });
  }
  return out;
}

/**
 * Exclamation marks: two or more together support a finding of anger or venting; on their
 * own they raise one only when there are many (five or more in the draft), as cheerful posts
 * use a few.
 */
function exclamations(text: string): { hits: Hit[]; many: boolean } {
  const runs = [...text.matchAll(/!{2,}/g)].map((m) => ({ index: m.index ?? 0, text: m[0] }));
  const total = (text.match(/!/g) ?? []).length;
  return { hits: runs, many: total >= 5 };
}

// ---------------------------------------------------------------------------------------
// Where the worker is (tip 8: nobody should be able to trace where you are).

const PLACE = `(?:the )?${CAP}(?: ${CAP}){0,3}(?: (?:in|at) ${CAP})?`;
const UK_POSTCODE = /(?<![\p{L}\p{N}])(?:[A-Z]{1,2}\d[A-Z\d]?|[a-z]{1,2}\d[a-z\d]?) ?\d[A-Za-z]{2}(?![\p{L}\p{N}])/gu;
const STREET = cased(`\\d{1,4}[a-zA-Z]?,? (?:${CAP} ){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Close|Drive|Crescent|Way|Terrace|Place|Gardens|Grove|Row|View)`);
const LOCATION = [
  words('check(?:ed|ing)?[- ]in (?:at|to|@)', 'check-in', 'live location', '(?:sharing|share|shared|turned on|turn on) (?:my )?(?:live )?location', 'location (?:is )?on', 'what3words'),
  /📍/gu,
  /\/\/\/[a-z]+\.[a-z]+\.[a-z]+/giu,
  cased(`(?:[Ii]'?m|I am|[Ww]e'?re|[Ww]e are) (?:at|in|outside|near|parked (?:up )?(?:at|outside)) ${PLACE}`),
  cased(`[Jj]ust (?:arrived|got here|landed|pulled up|rocked up)(?: (?:at|in|to))? ${PLACE}`),
  cased(`(?:[Aa]t|[Ii]n) work (?:today |tonight |this morning |this afternoon )?(?:at|in) ${PLACE}`),
  cased(`(?:[Ss]at|[Ss]itting|[Ss]tuck|[Ww]aiting|[Cc]urrently) (?:in|at|outside) (?:the )?(?:A&E|${CAP})(?: (?:at|in) ${PLACE})?`),
  cased(`(?:[Tt]oday|[Tt]onight|[Tt]his (?:morning|afternoon|evening)|[Rr]ight now) (?:at|in) ${PLACE}`),
  cased(`(?:at|in) ${CAP} (?:today|tonight|right now|this morning|this afternoon|this evening|all day)`),
  cased(`(?:[Oo]n (?:my|our) way to|[Hh]eading (?:to|over to|down to|up to)|[Hh]ere at|[Ff]ind me at|[Cc]ome and see (?:me|us) at) ${PLACE}`),
  STREET,
  UK_POSTCODE,
  // Welsh
  cased(`(?:[Dd]w i|[Dd]wi|[Rr]ydw i|[Rr]wy|[Rr]yn ni|[Rr]ydyn ni) (?:yn|yng|ym) ${CAP}`),
  cased(`(?:[Ww]edi cyrraedd|[Aa]r (?:fy|ein) ffordd i|[Yy]n y gwaith heddiw (?:yn|yng|ym)) ${CAP}`),
  words('wedi cyrraedd'),
];

/** The capitalised word a location pattern caught must be a place, not a day or a pronoun. */
function placeLike(m: RegExpMatchArray): boolean {
  const caps = m[0].match(new RegExp(CAP, 'gu')) ?? [];
  const last = caps.filter((w) => !/^(?:I'?m|We'?re|We|Just|At|In|Today|Tonight|This|Right|On|Heading|Here|Find|Come|Dw|Dwi|Rydw|Rwy|Ryn|Rydyn|Wedi|Ar|Yn)$/.test(w));
  return last.length === 0 || !NOT_NAMES.has(last[0]!.toLowerCase());
}

// ---------------------------------------------------------------------------------------
// Identifying details (privacy, tip 2).

/** Ages always identify: with a first name or a place, a person is easy to find. */
const AGES = [
  words('\\d{1,3}[- ]?(?:years?|yrs?)[- ]?old', '\\d{1,3} ?yo', 'aged? \\d{1,3}', '\\d{1,3}(?:st|nd|rd|th) birthday', 'turn(?:s|ed|ing)? \\d{1,3}'),
  words('(?:yn )?\\d{1,3} (?:oed|mlwydd oed|mlwydd)', 'pen-?blwydd(?: hapus)? yn \\d{1,3}'),
];

const INSTITUTION_SUFFIX = [
  'primary school', 'high school', 'comprehensive school', 'comprehensive', 'school', 'academy', 'college', 'care home', 'nursing home',
  'residential home', "children's home", 'day centre', 'family centre', 'hospital', 'surgery', 'medical centre', 'lodge', 'manor', 'house', 'court', 'ward', 'church', 'chapel',
].map(ci);
/** A named school, care home, hospital or ward: "Brynhaul Care Home", "St Mary's Primary". */
const INSTITUTION = cased(`(?:${CAP}|St\\.?|Y|Yr|y|yr|and) (?:(?:${CAP}|St\\.?|y|yr|and|on|de) ){0,3}(?:${INSTITUTION_SUFFIX.join('|')})`);
/** Welsh names start with the kind of place: "Ysgol Glan y Môr", "Cartref Bryn Haul". */
const WELSH_INSTITUTION = cased(`(?:Ysgol|Cartref|Ysbyty|Canolfan|Meithrinfa|Coleg|Plas|Tŷ|Heol|Stryd|Ffordd|Lôn|Rhodfa|Teras|Cilgant|Ward) (?:(?:y|yr|${CAP}) ){0,3}${CAP}`);
/** A workplace or employer named: "I work at …", "Sir Fynydd Council", "… Health Board". */
const WORKPLACE = cased(`(?:[Ww]ork(?:s|ing)?|[Ee]mployed|[Jj]ob) (?:at|for) (?:the )?${CAP}(?: ${CAP})*`);
const EMPLOYER = [
  cased(`(?:${CAP} )+(?:County |Borough |City )*(?:Council|Health Board|NHS Trust|Social Services)`),
  cased(`Cyngor (?:Sir |Bwrdeistref Sirol |Dinas )?(?:${CAP} ?)+`),
];

const STRONG_STOPWORDS = /^(?:The|A|An|My|Our|This|That|Your|His|Her|Their|At|In|To|From|Y|Yr|And) /;

function institutions(text: string): Hit[] {
  const out: Hit[] = [];
  for (const h of hitsOf(text, [INSTITUTION, WELSH_INSTITUTION, ...EMPLOYER])) {
    let { index, text: phrase } = h;
    // "The Old House" is not a name; "our school" is not one either.
    while (STRONG_STOPWORDS.test(phrase)) {
      const cut = phrase.indexOf(' ') + 1;
      index += cut;
      phrase = phrase.slice(cut);
    }
    const first = phrase.split(/\s+/)[0] ?? '';
    if (!/^[A-ZÀ-ÞŴŶ]/.test(first) || NOT_NAMES.has(first.toLowerCase())) continue;
    // A suffix on its own ("House", "School") names nothing.
    if (phrase.split(/\s+/).length < 2) continue;
    out.push({ index, text: phrase.trim() });
  }
  for (const h of hitsOf(text, [WORKPLACE])) {
    const named = h.text.match(new RegExp(CAP, 'gu')) ?? [];
    if (named.some((w) => !NOT_NAMES.has(w.toLowerCase()) && !/^(?:Work|Works|Working|Employed|Job)$/.test(w))) out.push(h);
  }
  return out;
}

const DATES = [
  words(`\\d{1,2}(?:st|nd|rd|th)?(?: of)? (?:${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)`),
  words(`(?:${MONTHS.join('|')}) \\d{1,2}(?:st|nd|rd|th)?`),
  words('(?!24/7)\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?', '\\d{1,2}\\.\\d{1,2}\\.\\d{2,4}'),
  words(...DAYS.map((d) => `${d}s?`), '(?:dydd|ddydd|nos) (?:llun|mawrth|mercher|iau|gwener|sadwrn|sul)'),
];

/** Titles and @mentions always point at a person. */
const TITLED = [cased(`(?:Mr|Mrs|Ms|Miss|Dr|Nurse|Auntie|Aunty|Uncle|Anti|Yncl)\\.? ${CAP}`), /(?<![\p{L}\p{N}@])@[A-Za-z0-9_]{2,}/gu];

/**
 * Name-like words: capitalised, not at the start of a sentence (where every word is), and
 * not a day, month, brand or other everyday capital; at the start of a sentence, only a
 * common first name.
 */
function nameLike(text: string): Hit[] {
  const out: Hit[] = [];
  for (const m of text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}#@'’-])${CAP}`, 'gu'))) {
    const index = m.index ?? 0;
    const word = m[0].replace(/['’]s$/, '');
    const lower = word.toLowerCase();
    if (NOT_NAMES.has(lower)) continue;
    const before = text.slice(0, index).trimEnd();
    const prev = before.slice(-1);
    const sentenceStart = before === '' || !/[\p{L}\p{N},&]/u.test(prev);
    if (sentenceStart && !FIRST_NAMES.has(lower)) continue;
    out.push({ index, text: word });
  }
  return out;
}

/** Words that say the draft is about work, which is when names, dates and towns identify someone. */
const WORK_CONTEXT = [
  words('at work', 'in work', 'on shift', '(?:my|the|this|a|night|day|long|late|early|double|sleep-?in) shifts?', 'on nights', 'at the home', 'on the ward', 'on the unit'),
  words('yn y gwaith', 'shifft', 'sifft', 'yn y cartref gofal'),
];

// ---------------------------------------------------------------------------------------
// Photos (privacy: nobody's picture without their informed consent).

const PHOTO_WORDS = ci('photos?|pictures?|pics?|piccies|selfies?|videos?|snaps?|clips?');
const PHOTO_OF_SOMEONE = [
  cased(
    `(?:${PHOTO_WORDS}) (?:of|with) (?:(?:the|our|my|a|all|some|these|those|his|her|their) )?(?:her|him|them|us|everyone|everybody|${CAP}|${ci('residents?|clients?|service users?|ladies|gents|lads|kids|children|young people|team|family|staff|birthday girl|birthday boy')})`,
  ),
  words('pictured', 'say cheese'),
  cased(`(?:${ci('llun|lluniau|fideo')}) (?:o|gyda|efo) (?:hi|fe|fo|nhw|ni|pawb|(?:y|yr|ein|fy) (?:preswylwyr|plant|tîm|teulu|staff)|${CAP})`),
];

// ---------------------------------------------------------------------------------------

/** Straight apostrophes and quotes, one character for one, so positions still point into the draft. */
function normalise(text: string): string {
  return text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
}

/** Evidence in draft order, each phrase once, nothing inside a longer phrase already quoted. */
function evidenceOf(original: string, hits: Hit[]): string[] {
  const sorted = [...hits].sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  const kept: Hit[] = [];
  const seen = new Set<string>();
  for (const h of sorted) {
    const end = h.index + h.text.length;
    if (kept.some((k) => h.index >= k.index && end <= k.index + k.text.length)) continue;
    const quoted = original.slice(h.index, end).trim();
    const key = quoted.toLowerCase();
    if (!quoted || seen.has(key)) continue;
    seen.add(key);
    kept.push(h);
  }
  return kept.slice(0, MAX_EVIDENCE).map((h) => original.slice(h.index, h.index + h.text.length).trim());
}

export function checkPost(input: PostCheckInput): PostFinding[] {
  const original = input.text;
  const text = normalise(original);

  const people = hitsOf(text, PEOPLE_SUPPORTED);
  const colleagues = hitsOf(text, COLLEAGUES);

  const bang = exclamations(text);
  const upset = [...hitsOf(text, EMOTIONAL), ...shouting(text)];
  const emotional = upset.length > 0 || bang.many ? [...upset, ...bang.hits] : [];

  const location = hitsOf(text, LOCATION, placeLike);

  // Strong identifiers count on their own; names, dates and towns only alongside them, or
  // when the draft is about work or the people in it.
  const strong = [...hitsOf(text, AGES), ...institutions(text), ...hitsOf(text, TITLED), ...hitsOf(text, [STREET])];
  const aboutWork = people.length > 0 || colleagues.length > 0 || hitsOf(text, WORK_CONTEXT).length > 0;
  const weak = strong.length > 0 || aboutWork ? [...nameLike(text), ...hitsOf(text, DATES), ...hitsOf(text, [TOWN_PATTERN])] : [];
  const identifying = strong.length > 0 || (aboutWork && weak.length > 0) ? [...strong, ...weak] : [];

  const photoMentions = hitsOf(text, PHOTO_OF_SOMEONE, (m) => !NOT_NAMES.has((m[0].split(/\s+/).pop() ?? '').toLowerCase()));
  const consented = input.photoConsent === 'yes';
  const photo = !consented && (input.photoAttached || photoMentions.length > 0);

  const found: Record<PostFindingKind, Hit[] | null> = {
    identifying_details: identifying.length ? identifying : null,
    people_supported: people.length ? people : null,
    colleagues_or_employer: colleagues.length ? colleagues : null,
    emotional_tone: emotional.length ? emotional : null,
    location_traces: location.length ? location : null,
    photo_without_consent: photo ? photoMentions : null,
  };
  return POST_FINDING_KINDS.flatMap((kind) => {
    const hits = found[kind];
    return hits ? [{ kind, clauseRefs: [...CLAUSES_FOR[kind]], evidence: evidenceOf(original, hits) }] : [];
  });
}
