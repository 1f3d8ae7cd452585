/**
 * Catalogue entry for seed 003: Social Care Wales, "Using social media responsibly" (2019).
 *
 * Headings and clause numbers are facts about the guidance; every summary is our own
 * wording. The guidance's text is never stored here.
 *
 * Welsh: the `cy` values are our draft, using /work/shared/GLOSSARY-cy.md where a term is
 * listed. The Welsh needs a qualified translator's review before launch.
 *
 * Cross-references: the 2019 guidance quotes clauses 1.4, 2.4 and 3.6 of the 2017 Code of
 * Professional Practice. Those numbers no longer match the current practice guidance (seed
 * 000, document 'code-practice-guidance'), so each reference points at the current clause
 * that covers the same ground: 1.4 (dignity, privacy, rights) -> 1.1; 2.4 (confidential
 * information) -> 2.2; 3.6 (sharing through agreed systems) -> 4.3; Section 5 (integrity)
 * -> 5.1; boundaries -> 2.3. Tip 10 mentions the regulator's guidance on raising concerns,
 * so it points at current clause 3.7 (raising concerns and complaints).
 *
 * Layout notes for the importer:
 * - The contents list near the top repeats every heading followed by dot leaders and a
 *   page number ("About this guidance.....\t4"); the real heading is the later bare line.
 * - Two footnotes ("1. Cyberbullying …", "2. In some circumstances …") sit straight after
 *   the integrity text and after the last tip; they are not numbered clauses.
 * - The "Respect for rights …" text is split across a page break mid-sentence.
 */
import type { GuidanceDocument } from '../types.js';

const TIPS_HEADING = 'Additional tips';

export const SOCIAL_MEDIA: GuidanceDocument = {
  id: 'social-media',
  kind: 'social_media',
  title: {
    en: 'Using social media responsibly',
    cy: 'Defnyddio’r cyfryngau cymdeithasol yn gyfrifol',
  },
  publisher: { en: 'Social Care Wales', cy: 'Gofal Cymdeithasol Cymru' },
  edition: '2019',
  sourceUrl:
    'https://socialcare.wales/resources-guidance/improving-care-and-support/using-social-media-responsibly',
  summary: {
    en: 'Advice from the workforce regulator on how registered social care workers can use social media without breaking the Code of Professional Practice, with practical tips on privacy, boundaries and online conduct.',
    cy: 'Cyngor gan y rheoleiddiwr gweithlu ar sut y gall gweithwyr gofal cymdeithasol cofrestredig ddefnyddio’r cyfryngau cymdeithasol heb dorri’r Cod Ymarfer Proffesiynol, gydag awgrymiadau ymarferol am breifatrwydd, ffiniau ac ymddygiad ar-lein.',
  },
  graded: false,
  sections: [
    {
      ref: 'intro',
      number: null,
      title: { en: 'Introduction', cy: 'Cyflwyniad' },
      clauses: [
        {
          ref: 'about',
          number: null,
          title: { en: 'About this guidance', cy: 'Ynglŷn â’r canllawiau hyn' },
          summary: {
            en: 'Registered workers are expected to know and follow this advice, and it also applies to unregistered staff. It cannot cover every case, so use your judgement, seek advice when unsure, and follow your employer’s own policy too.',
            cy: 'Disgwylir i weithwyr cofrestredig wybod a dilyn y cyngor hwn, ac mae hefyd yn berthnasol i staff heb eu cofrestru. Ni all ymdrin â phob achos, felly defnyddiwch eich crebwyll, gofynnwch am gyngor pan fyddwch yn ansicr, a dilynwch bolisi eich cyflogwr hefyd.',
          },
          tags: ['social_media', 'conduct', 'accountability'],
          locator: { kind: 'heading', text: 'About this guidance' },
        },
        {
          ref: 'about-social-media',
          number: null,
          title: { en: 'About social media', cy: 'Ynglŷn â’r cyfryngau cymdeithasol' },
          summary: {
            en: 'Social media covers any online platform for posting, sharing and talking, from blogs and forums to the big networks. It helps with work and learning, but posts spread fast, reach many people and are hard to delete, and it can blur work and home life.',
            cy: 'Mae’r cyfryngau cymdeithasol yn cynnwys unrhyw blatfform ar-lein ar gyfer postio, rhannu a sgwrsio, o flogiau a fforymau i’r rhwydweithiau mawr. Mae’n helpu gyda gwaith a dysgu, ond mae negeseuon yn lledaenu’n gyflym, yn cyrraedd llawer o bobl ac yn anodd eu dileu, a gall gymylu’r ffin rhwng gwaith a bywyd cartref.',
          },
          tags: ['social_media', 'boundaries', 'risk'],
          locator: { kind: 'heading', text: 'About social media' },
        },
        {
          ref: 'code',
          number: null,
          title: {
            en: 'The Code of Professional Practice for Social Care',
            cy: 'Y Cod Ymarfer Proffesiynol ar gyfer Gofal Cymdeithasol',
          },
          summary: {
            en: 'The Code applies online just as it does anywhere else, so hold yourself to the standards you would use in any other form of communication. The parts of the Code picked out here are examples, not a full list.',
            cy: 'Mae’r Cod yn berthnasol ar-lein yn union fel ym mhob man arall, felly cadwch at y safonau y byddech yn eu defnyddio mewn unrhyw fath arall o gyfathrebu. Enghreifftiau yw’r rhannau o’r Cod a nodir yma, nid rhestr lawn.',
          },
          tags: ['social_media', 'conduct'],
          locator: { kind: 'heading', text: 'The Code of Professional Practice for Social Care' },
        },
      ],
    },
    {
      ref: 'privacy',
      number: null,
      title: {
        en: 'Respect for rights, privacy and confidential information',
        cy: 'Parch at hawliau, preifatrwydd a gwybodaeth gyfrinachol',
      },
      clauses: [
        {
          ref: 'privacy',
          number: null,
          title: {
            en: 'Respect for rights, privacy and confidential information',
            cy: 'Parch at hawliau, preifatrwydd a gwybodaeth gyfrinachol',
          },
          summary: {
            en: 'Never talk about the people you support online, even if you think nobody could tell who they are, and post photos of someone only with their informed consent and when it serves their best interests, checking workplace shots reveal nothing confidential. Respect colleagues’ privacy and dignity, choose words carefully, avoid discriminatory remarks, and remember defamation and copyright law apply.',
            cy: 'Peidiwch byth â thrafod y bobl rydych yn eu cefnogi ar-lein, hyd yn oed os ydych yn credu na allai neb wybod pwy ydyn nhw, a phostiwch luniau o rywun dim ond gyda’i gydsyniad gwybodus a phan fo hynny er ei fudd pennaf, gan wirio nad yw lluniau o’r gweithle yn datgelu dim byd cyfrinachol. Parchwch breifatrwydd ac urddas cydweithwyr, dewiswch eich geiriau’n ofalus, osgowch sylwadau gwahaniaethol, a chofiwch fod cyfraith difenwi a hawlfraint yn berthnasol.',
          },
          tags: ['social_media', 'confidentiality', 'rights', 'consent', 'equality'],
          crossReferences: [
            { document: 'code-practice-guidance', clause: '1.1' },
            { document: 'code-practice-guidance', clause: '2.2' },
          ],
          locator: { kind: 'heading', text: 'Respect for rights, privacy and confidential information' },
        },
      ],
    },
    {
      ref: 'sharing',
      number: null,
      title: { en: 'Sharing information appropriately', cy: 'Rhannu gwybodaeth yn briodol' },
      clauses: [
        {
          ref: 'sharing',
          number: null,
          title: { en: 'Sharing information appropriately', cy: 'Rhannu gwybodaeth yn briodol' },
          summary: {
            en: 'Share work information only through the systems and policies your employer has agreed. If your organisation talks to people through social media, use its official professional account, keep every message professional, and post nothing that could harm the standing of you, your employer or social care.',
            cy: 'Rhannwch wybodaeth waith dim ond drwy’r systemau a’r polisïau y mae eich cyflogwr wedi’u cytuno. Os yw eich sefydliad yn cyfathrebu â phobl drwy’r cyfryngau cymdeithasol, defnyddiwch ei gyfrif proffesiynol swyddogol, cadwch bob neges yn broffesiynol, a pheidiwch â phostio dim a allai niweidio eich enw da chi, eich cyflogwr na gofal cymdeithasol.',
          },
          tags: ['social_media', 'information_sharing', 'communication', 'conduct'],
          crossReferences: [{ document: 'code-practice-guidance', clause: '4.3' }],
          locator: { kind: 'heading', text: 'Sharing information appropriately' },
        },
      ],
    },
    {
      ref: 'integrity',
      number: null,
      title: { en: 'Integrity, public trust and confidence', cy: 'Uniondeb, ymddiriedaeth a hyder y cyhoedd' },
      clauses: [
        {
          ref: 'integrity',
          number: null,
          title: { en: 'Integrity, public trust and confidence', cy: 'Uniondeb, ymddiriedaeth a hyder y cyhoedd' },
          summary: {
            en: 'Never bully, harass or intimidate anyone online or misuse personal details you can see, and keep posts about your practice fair, accurate and evidence-based, declaring any conflict of interest. Hold firm boundaries: do not befriend people you know only through the service, and redirect any contact to your private accounts to the proper channel.',
            cy: 'Peidiwch byth â bwlio, aflonyddu na bygwth neb ar-lein na chamddefnyddio manylion personol y gallwch eu gweld, a chadwch negeseuon am eich ymarfer yn deg, yn gywir ac wedi’u seilio ar dystiolaeth, gan ddatgan unrhyw wrthdaro buddiannau. Cadwch ffiniau cadarn: peidiwch â dod yn ffrindiau â phobl rydych yn eu hadnabod drwy’r gwasanaeth yn unig, a chyfeiriwch unrhyw gysylltiad â’ch cyfrifon preifat at y sianel briodol.',
          },
          tags: ['social_media', 'conduct', 'boundaries', 'confidentiality', 'accountability'],
          crossReferences: [
            { document: 'code-practice-guidance', clause: '5.1' },
            { document: 'code-practice-guidance', clause: '2.3' },
          ],
          locator: { kind: 'heading', text: 'Integrity, public trust and confidence' },
        },
      ],
    },
    {
      ref: 'tips',
      number: null,
      title: { en: 'Additional tips', cy: 'Awgrymiadau ychwanegol' },
      clauses: [
        {
          ref: 'tip-1',
          number: null,
          title: { en: 'Know how each platform works', cy: 'Deall sut mae pob platfform yn gweithio' },
          summary: {
            en: 'Learn the strengths and weaknesses of each app or site before you rely on it.',
            cy: 'Dysgwch gryfderau a gwendidau pob ap neu wefan cyn dibynnu arno.',
          },
          tags: ['social_media', 'learning'],
          locator: { kind: 'bullet', heading: TIPS_HEADING, index: 1 },
        },
        {
          ref: 'tip-2',
          number: null,
          title: { en: 'Privacy settings', cy: 'Gosodiadau preifatrwydd' },
          summary: {
            en: 'Check and refresh your privacy settings often, but know they have limits: others can pass your posts on, so treat anything you share as potentially seen by anyone.',
            cy: 'Gwiriwch a diweddarwch eich gosodiadau preifatrwydd yn aml, ond cofiwch fod terfynau iddynt: gall eraill rannu eich negeseuon, felly cymerwch y gallai unrhyw un weld unrhyw beth rydych yn ei rannu.',
          },
          tags: ['social_media', 'confidentiality', 'risk'],
          locator: { kind: 'bullet', heading: TIPS_HEADING, index: 2 },
        },
        {
          ref: 'tip-3',
          number: null,
          title: { en: 'Losing control of what you post', cy: 'Colli rheolaeth ar yr hyn rydych yn ei bostio' },
          summary: {
            en: 'After something is published it is no longer yours to manage, and replies from others can make it hard to take down.',
            cy: 'Ar ôl cyhoeddi rhywbeth, nid chi sy’n ei reoli mwyach, a gall ymatebion gan eraill ei gwneud yn anodd ei dynnu i lawr.',
          },
          tags: ['social_media', 'risk'],
          locator: { kind: 'bullet', heading: TIPS_HEADING, index: 3 },
        },
        {
          ref: 'tip-4',
          number: null,
          title: { en: 'Anonymity', cy: 'Bod yn ddienw' },
          summary: {
            en: 'Using no name or a false name will not necessarily hide you, because posts can often be traced to the person who wrote them.',
            cy: 'Nid yw defnyddio dim enw neu enw ffug o reidrwydd yn eich cuddio, oherwydd yn aml gellir olrhain negeseuon i’r sawl a’u hysgrifennodd.',
          },
          tags: ['social_media', 'accountability'],
          locator: { kind: 'bullet', heading: TIPS_HEADING, index: 4 },
        },
        {
          ref: 'tip-5',
          number: null,
          title: { en: 'Do not post when angry or emotional', cy: 'Peidiwch â phostio pan fyddwch yn ddig neu’n emosiynol' },
          summary: {
            en: 'The job can be stressful, but social media is the wrong outlet for it. Wait until you are calm, and share nothing you would be unhappy to see in a newspaper.',
            cy: 'Gall y gwaith fod yn straen, ond nid y cyfryngau cymdeithasol yw’r lle i ollwng stêm. Arhoswch nes eich bod yn dawel, a pheidiwch â rhannu dim y byddech yn anhapus i’w weld mewn papur newydd.',
          },
          tags: ['social_media', 'conduct', 'wellbeing'],
          locator: { kind: 'bullet', heading: TIPS_HEADING, index: 5 },
        },
        {
          ref: 'tip-6',
          number: null,
          title: { en: 'What you associate with', cy: 'Yr hyn rydych yn cysylltu eich hun ag ef' },
          summary: {
            en: 'Think about the people and content you link yourself to, since liking or sharing a post may look like agreeing with it.',
            cy: 'Meddyliwch am y bobl a’r cynnwys rydych yn cysylltu eich hun â nhw, gan y gallai hoffi neu rannu neges edrych fel cytuno â hi.',
          },
          tags: ['social_media', 'conduct'],
          locator: { kind: 'bullet', heading: TIPS_HEADING, index: 6 },
        },
        {
          ref: 'tip-7',
          number: null,
          title: { en: 'People may look for you', cy: 'Gall pobl chwilio amdanoch' },
          summary: {
            en: 'Because of your role, people may search for you out of curiosity or a grudge, and could misuse what they find, including your photos.',
            cy: 'Oherwydd eich rôl, gall pobl chwilio amdanoch o chwilfrydedd neu oherwydd cwyn, a gallent gamddefnyddio’r hyn a ddarganfyddant, gan gynnwys eich lluniau.',
          },
          tags: ['social_media', 'risk'],
          locator: { kind: 'bullet', heading: TIPS_HEADING, index: 7 },
        },
        {
          ref: 'tip-8',
          number: null,
          title: { en: 'Keep your location private', cy: 'Cadwch eich lleoliad yn breifat' },
          summary: {
            en: 'Stay safe by making sure photos and apps do not give away where you are.',
            cy: 'Cadwch yn ddiogel drwy wneud yn siŵr nad yw lluniau ac apiau yn datgelu ble rydych chi.',
          },
          tags: ['social_media', 'risk', 'wellbeing'],
          locator: { kind: 'bullet', heading: TIPS_HEADING, index: 8 },
        },
        {
          ref: 'tip-9',
          number: null,
          title: { en: 'When in doubt, get advice', cy: 'Os ydych yn ansicr, gofynnwch am gyngor' },
          summary: {
            en: 'If you are unsure, ask an experienced colleague, your union or a professional body, and if a post might offend or seem inappropriate, leave it unposted.',
            cy: 'Os ydych yn ansicr, gofynnwch i gydweithiwr profiadol, eich undeb neu gorff proffesiynol, ac os gallai neges dramgwyddo neu ymddangos yn amhriodol, peidiwch â’i phostio.',
          },
          tags: ['social_media', 'supervision'],
          locator: { kind: 'bullet', heading: TIPS_HEADING, index: 9 },
        },
        {
          ref: 'tip-10',
          number: null,
          title: { en: 'Raising concerns about what you see', cy: 'Codi pryderon am yr hyn a welwch' },
          summary: {
            en: 'If something you see online worries you, use the regulator’s guidance on raising concerns and your workplace procedures for safeguarding, whistleblowing, bullying and equality.',
            cy: 'Os yw rhywbeth a welwch ar-lein yn eich poeni, defnyddiwch ganllawiau’r rheoleiddiwr ar godi pryderon a gweithdrefnau eich gweithle ar gyfer diogelu, chwythu’r chwiban, bwlio a chydraddoldeb.',
          },
          tags: ['social_media', 'reporting', 'safeguarding'],
          crossReferences: [{ document: 'code-practice-guidance', clause: '3.7' }],
          locator: { kind: 'bullet', heading: TIPS_HEADING, index: 10 },
        },
        {
          ref: 'tip-11',
          number: null,
          title: { en: 'Keep using social media well', cy: 'Daliwch ati i ddefnyddio’r cyfryngau cymdeithasol yn dda' },
          summary: {
            en: 'Most workers find social media useful and stay within professional standards without difficulty, so carry on using it sensibly.',
            cy: 'Mae’r rhan fwyaf o weithwyr yn gweld bod y cyfryngau cymdeithasol yn ddefnyddiol ac yn cadw o fewn safonau proffesiynol heb anhawster, felly daliwch ati i’w defnyddio’n gall.',
          },
          tags: ['social_media'],
          locator: { kind: 'bullet', heading: TIPS_HEADING, index: 11 },
        },
      ],
    },
  ],
};
