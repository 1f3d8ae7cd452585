// Catalogue entry for Social Care Wales' practice guidance for the Code of Professional Practice
// for Social Care Workers (Code in effect from 1 July 2026).
// Numbers, titles and links are facts about the document; every summary is our own wording.
// NOTE: the Welsh (cy) titles and summaries are a draft and need a qualified translator's review
// before launch (terms follow /work/shared/GLOSSARY-cy.md where it has them).
import type { GuidanceDocument } from '../types.js';

export const CODE_PRACTICE_GUIDANCE: GuidanceDocument = {
  id: 'code-practice-guidance',
  kind: 'code_guidance',
  title: {
    en: 'Practice guidance for the Code of Professional Practice for Social Care Workers',
    cy: 'Canllawiau ymarfer ar gyfer y Cod Ymarfer Proffesiynol ar gyfer Gweithwyr Gofal Cymdeithasol',
  },
  publisher: { en: 'Social Care Wales', cy: 'Gofal Cymdeithasol Cymru' },
  edition: '2026',
  sourceUrl: 'https://socialcare.wales/regulation/codes-of-practice-and-guidance',
  summary: {
    en: "Social Care Wales guidance on applying the Code of Professional Practice in daily work, arranged under the Code's seven sections. It is written for social care workers, managers and employers, with a final section for those who lead staff.",
    cy: "Canllawiau Gofal Cymdeithasol Cymru ar roi'r Cod Ymarfer Proffesiynol ar waith bob dydd, wedi'u trefnu o dan saith adran y Cod. Maent ar gyfer gweithwyr, rheolwyr a chyflogwyr gofal cymdeithasol, gydag adran olaf i'r rhai sy'n arwain staff.",
  },
  graded: false,
  sections: [
    {
      ref: 'about',
      number: null,
      title: { en: 'About this practice guidance', cy: "Ynglŷn â'r canllawiau ymarfer hyn" },
      clauses: [
        {
          ref: 'about',
          number: null,
          title: { en: 'About this practice guidance', cy: "Ynglŷn â'r canllawiau ymarfer hyn" },
          summary: {
            en: 'Explains the purpose of the guidance: turning the Code into everyday practice. Registered workers and managers have to meet the Code to stay on the register, and everyone else in the sector is expected to follow it as well.',
            cy: "Mae'n esbonio diben y canllawiau: helpu i roi'r Cod ar waith o ddydd i ddydd. Rhaid i weithwyr a rheolwyr cofrestredig fodloni'r Cod i aros ar y gofrestr, a disgwylir i bawb arall yn y sector ei ddilyn hefyd.",
          },
          tags: ['conduct', 'accountability'],
          locator: { kind: 'heading', text: 'About this practice guidance' },
        },
        {
          ref: 'who-for',
          number: null,
          title: { en: 'Who is this guidance for?', cy: "Ar gyfer pwy mae'r canllawiau hyn?" },
          summary: {
            en: 'Aimed at social care workers and managers, the organisations that employ them, and self-employed workers. Social Care Wales publishes a separate set of guidance for social workers and for students of social work.',
            cy: "Ar gyfer gweithwyr a rheolwyr gofal cymdeithasol, y sefydliadau sy'n eu cyflogi, a gweithwyr hunangyflogedig. Mae Gofal Cymdeithasol Cymru yn cyhoeddi canllawiau ar wahân ar gyfer gweithwyr cymdeithasol a myfyrwyr gwaith cymdeithasol.",
          },
          tags: ['accountability', 'leadership'],
          locator: { kind: 'heading', text: 'Who is this guidance for?' },
        },
        {
          ref: 'how-helps',
          number: null,
          title: { en: 'How does this guidance help you?', cy: "Sut mae'r canllawiau hyn yn eich helpu chi?" },
          summary: {
            en: 'Describes how the guidance supports your role, from giving good person-centred care to knowing when to seek supervision. Section 7 is aimed mainly at managers and employers, who should actively promote the guidance to staff, for example at induction.',
            cy: "Mae'n disgrifio sut mae'r canllawiau'n cefnogi eich rôl, o roi gofal da sy'n canolbwyntio ar yr unigolyn i wybod pryd i ofyn am oruchwyliaeth. Mae Adran 7 yn bennaf ar gyfer rheolwyr a chyflogwyr, a ddylai hyrwyddo'r canllawiau ymhlith staff, er enghraifft wrth sefydlu.",
          },
          tags: ['learning', 'leadership', 'supervision'],
          locator: { kind: 'heading', text: 'How does this guidance help you?' },
        },
      ],
    },
    {
      ref: 's1',
      number: '1',
      title: {
        en: 'Respecting views, wishes, rights and interests',
        cy: 'Parchu barn, dymuniadau, hawliau a buddiannau',
      },
      clauses: [
        {
          ref: '1.1',
          number: '1.1',
          title: { en: 'Person-centred practice', cy: "Ymarfer sy'n canolbwyntio ar yr unigolyn" },
          summary: {
            en: 'Treat each person as an individual: find out what matters to them, including culture, beliefs and preferences, instead of relying on stereotypes. Respect their chosen language, offer Welsh without being asked (the Active Offer), and use qualified interpreters where needed.',
            cy: "Trinwch bob person fel unigolyn: dewch i wybod beth sy'n bwysig iddo, gan gynnwys ei ddiwylliant, ei gredoau a'i ddewisiadau, yn hytrach na dibynnu ar stereoteipiau. Parchwch ei ddewis iaith, cynigiwch y Gymraeg heb iddo orfod gofyn (y Cynnig Rhagweithiol), a defnyddiwch gyfieithwyr ar y pryd cymwys pan fo angen.",
          },
          tags: ['rights', 'communication'],
          crossReferences: [{ document: 'code-practice-guidance', clause: '4.2' }],
          locator: { kind: 'numbered', number: '1.1' },
        },
        {
          ref: '1.2',
          number: '1.2',
          title: { en: 'Equality, diversity and inclusion', cy: 'Cydraddoldeb, amrywiaeth a chynhwysiant' },
          summary: {
            en: "Know the nine protected characteristics in the Equality Act 2010 and the human rights laws and conventions behind inclusive care. Respond to each person's identity and needs, understand intersectionality, and aim for equity by removing the barriers people face.",
            cy: "Dylech wybod am y naw nodwedd warchodedig yn Neddf Cydraddoldeb 2010 a'r cyfreithiau a'r confensiynau hawliau dynol sy'n sail i ofal cynhwysol. Ymatebwch i hunaniaeth ac anghenion pob person, deallwch groestoriadedd, ac anelwch at degwch drwy gael gwared ar y rhwystrau sy'n wynebu pobl.",
          },
          tags: ['equality', 'rights', 'statutory'],
          locator: { kind: 'numbered', number: '1.2' },
        },
        {
          ref: '1.3',
          number: '1.3',
          title: { en: 'Discrimination', cy: 'Gwahaniaethu' },
          summary: {
            en: 'Recognise the forms unlawful discrimination takes, including microaggressions and so-called banter, and reflect on your own unconscious bias. If you see or experience it, challenge it when safe, report it, get support and keep a note; employers must work to prevent harassment.',
            cy: "Dylech adnabod y gwahanol fathau o wahaniaethu anghyfreithlon, gan gynnwys microymosodiadau a 'thynnu coes' fel y'i gelwir, a myfyrio ar eich rhagfarn ddiarwybod eich hun. Os ydych yn ei weld neu'n ei brofi, heriwch ef pan fo'n ddiogel, rhowch wybod amdano, gofynnwch am gymorth a chadwch gofnod; rhaid i gyflogwyr weithio i atal aflonyddu.",
          },
          tags: ['equality', 'reporting', 'conduct'],
          crossReferences: [{ document: 'code-practice-guidance', clause: '1.2' }],
          locator: { kind: 'numbered', number: '1.3' },
        },
        {
          ref: '1.4',
          number: '1.4',
          title: { en: 'Supporting communication', cy: 'Cefnogi cyfathrebu' },
          summary: {
            en: "Adapt how you communicate to each person's needs, language and abilities, including Welsh, BSL, accessible formats and tools such as Makaton. Rely on professional interpreters rather than relatives when matters are sensitive or involve safeguarding.",
            cy: "Addaswch eich ffordd o gyfathrebu i anghenion, iaith a galluoedd pob person, gan gynnwys y Gymraeg, BSL, fformatau hygyrch ac offer fel Makaton. Defnyddiwch gyfieithwyr ar y pryd proffesiynol yn hytrach na pherthnasau pan fo materion yn sensitif neu'n ymwneud â diogelu.",
          },
          tags: ['communication', 'equality', 'capacity'],
          locator: { kind: 'numbered', number: '1.4' },
        },
      ],
    },
    {
      ref: 's2',
      number: '2',
      title: { en: 'Building trust and confidence', cy: 'Meithrin ymddiriedaeth a hyder' },
      clauses: [
        {
          ref: '2.1',
          number: '2.1',
          title: { en: 'Honesty, reliability and integrity', cy: 'Gonestrwydd, dibynadwyedd ac uniondeb' },
          summary: {
            en: "Be truthful and dependable in everything you do, and never exploit your position. Follow the agreed steps when visiting someone's home, and tell your manager if you cannot complete a task or keep to the care plan.",
            cy: "Byddwch yn eirwir ac yn ddibynadwy ym mhopeth a wnewch, a pheidiwch byth â chamddefnyddio eich safle. Dilynwch y camau y cytunwyd arnynt wrth ymweld â chartref rhywun, a dywedwch wrth eich rheolwr os na allwch gwblhau tasg neu gadw at y cynllun gofal.",
          },
          tags: ['conduct', 'boundaries'],
          locator: { kind: 'numbered', number: '2.1' },
        },
        {
          ref: '2.2',
          number: '2.2',
          title: { en: 'Confidentiality and handling information', cy: 'Cyfrinachedd a thrin gwybodaeth' },
          summary: {
            en: 'Keep personal information private and share it only when needed, ideally with consent, using messaging apps and AI tools your employer has approved and following data protection law. Share promptly if a person is at risk, and ask for advice if unsure.',
            cy: "Cadwch wybodaeth bersonol yn breifat a'i rhannu dim ond pan fo angen, gyda chydsyniad os oes modd, gan ddefnyddio apiau negeseua ac offer deallusrwydd artiffisial y mae eich cyflogwr wedi'u cymeradwyo a dilyn y gyfraith diogelu data. Rhannwch heb oedi pan fo rhywun yn wynebu risg, a gofynnwch am gyngor os ydych yn ansicr.",
          },
          tags: ['confidentiality', 'information_sharing', 'consent', 'social_media'],
          crossReferences: [{ document: 'code-practice-guidance', clause: '4.2' }],
          locator: { kind: 'numbered', number: '2.2' },
        },
        {
          ref: '2.3',
          number: '2.3',
          title: { en: 'Professional boundaries', cy: 'Ffiniau proffesiynol' },
          summary: {
            en: 'Keep relationships with the people you support warm but professional: no intimate relationships, no borrowing or lending money, and no gifts unless your employer permits them. If unsure whether something crosses the line, ask your manager first.',
            cy: "Cadwch berthynas gynnes ond broffesiynol gyda'r bobl rydych yn eu cefnogi: dim perthynas agos, dim benthyg na rhoi benthyg arian, a dim rhoddion oni bai bod eich cyflogwr yn caniatáu hynny. Os nad ydych yn siŵr a yw rhywbeth yn croesi'r ffin, gofynnwch i'ch rheolwr yn gyntaf.",
          },
          tags: ['boundaries', 'conduct'],
          crossReferences: [{ document: 'code-practice-guidance', clause: '5.1' }],
          locator: { kind: 'numbered', number: '2.3' },
        },
        {
          ref: '2.4',
          number: '2.4',
          title: { en: 'Conflict of interest', cy: 'Gwrthdaro buddiannau' },
          summary: {
            en: "Watch for situations where personal ties, money or gifts could sway your judgement. Tell your manager straight away, follow your employer's policy, and kindly turn down gifts or favours unless they are permitted.",
            cy: "Byddwch yn effro i sefyllfaoedd lle gallai cysylltiadau personol, arian neu roddion ddylanwadu ar eich barn. Dywedwch wrth eich rheolwr ar unwaith, dilynwch bolisi eich cyflogwr, a gwrthodwch roddion neu ffafrau yn garedig oni bai eu bod yn cael eu caniatáu.",
          },
          tags: ['boundaries', 'conduct', 'accountability'],
          locator: { kind: 'numbered', number: '2.4' },
        },
      ],
    },
    {
      ref: 's3',
      number: '3',
      title: { en: 'Promoting well-being, voice and control', cy: 'Hyrwyddo llesiant, llais a rheolaeth' },
      clauses: [
        {
          ref: '3.1',
          number: '3.1',
          title: { en: 'Understanding well-being', cy: 'Deall llesiant' },
          summary: {
            en: "Understand that the 2014 Act on social services and well-being in Wales defines well-being broadly, across many parts of a person's life. Focus on what matters to each person and give them a real say over the outcomes they want.",
            cy: "Deallwch fod Deddf Gwasanaethau Cymdeithasol a Llesiant (Cymru) 2014 yn diffinio llesiant yn eang, ar draws sawl rhan o fywyd person. Canolbwyntiwch ar yr hyn sy'n bwysig i bob unigolyn a rhowch lais go iawn iddo dros y canlyniadau y mae am eu cyflawni.",
          },
          tags: ['wellbeing', 'rights', 'statutory'],
          locator: { kind: 'numbered', number: '3.1' },
        },
        {
          ref: '3.2',
          number: '3.2',
          title: {
            en: 'Strengths-based and co-produced practice',
            cy: "Ymarfer sy'n seiliedig ar gryfderau ac wedi'i gydgynhyrchu",
          },
          summary: {
            en: "Build on people's abilities and support networks rather than dwelling on their limits. Plan care jointly with individuals and carers, hold 'what matters' conversations, and bear in mind the social model of disability.",
            cy: "Adeiladwch ar alluoedd a rhwydweithiau cymorth pobl yn hytrach na chanolbwyntio ar eu cyfyngiadau. Cynlluniwch ofal ar y cyd ag unigolion a gofalwyr, cynhaliwch sgyrsiau 'beth sy'n bwysig', a chofiwch y model cymdeithasol o anabledd.",
          },
          tags: ['wellbeing', 'rights'],
          locator: { kind: 'numbered', number: '3.2' },
        },
        {
          ref: '3.3',
          number: '3.3',
          title: { en: 'Advocacy and representation', cy: 'Eiriolaeth a chynrychiolaeth' },
          summary: {
            en: 'Help people have their say, through informal or independent advocacy, in assessments, plans, reviews and safeguarding. Apply the five principles of the Mental Capacity Act 2005, check whether DoLS apply, and get help if capacity is unclear.',
            cy: "Helpwch bobl i ddweud eu dweud, drwy eiriolaeth anffurfiol neu annibynnol, mewn asesiadau, cynlluniau, adolygiadau a phrosesau diogelu. Cymhwyswch bum egwyddor Deddf Galluedd Meddyliol 2005, gwiriwch a yw'r Trefniadau Diogelu rhag Colli Rhyddid (DoLS) yn berthnasol, a gofynnwch am help os nad yw galluedd yn glir.",
          },
          tags: ['rights', 'capacity', 'communication'],
          locator: { kind: 'numbered', number: '3.3' },
        },
        {
          ref: '3.4',
          number: '3.4',
          title: { en: 'Collaborative working', cy: 'Cydweithio' },
          summary: {
            en: 'Work with colleagues, other professionals, carers and families, sharing information securely through agreed systems, especially in safeguarding. Keep factual, sensitive records, remembering people may ask to read them, and ask your manager if unsure about sharing.',
            cy: "Gweithiwch gyda chydweithwyr, gweithwyr proffesiynol eraill, gofalwyr a theuluoedd, gan rannu gwybodaeth yn ddiogel drwy systemau y cytunwyd arnynt, yn enwedig wrth ddiogelu. Cadwch gofnodion ffeithiol a sensitif, gan gofio y gall pobl ofyn i'w darllen, a holwch eich rheolwr os ydych yn ansicr ynghylch rhannu.",
          },
          tags: ['information_sharing', 'record_keeping', 'safeguarding'],
          locator: { kind: 'numbered', number: '3.4' },
        },
        {
          ref: '3.5',
          number: '3.5',
          title: {
            en: 'Assessment, planning and providing care and support',
            cy: 'Asesu, cynllunio a darparu gofal a chymorth',
          },
          summary: {
            en: 'Where your role covers assessing, planning or delivering care, be trained for it, act proportionately and alongside the person, and write down judgements and plans clearly. Raise concerns promptly, using the Wales Safeguarding Procedures where they apply.',
            cy: "Os yw eich rôl yn cynnwys asesu, cynllunio neu ddarparu gofal, sicrhewch eich bod wedi'ch hyfforddi, gweithiwch yn gymesur ac ochr yn ochr â'r unigolyn, a chofnodwch eich barn a'ch cynlluniau yn glir. Rhowch wybod am bryderon yn brydlon, gan ddefnyddio Gweithdrefnau Diogelu Cymru lle maent yn berthnasol.",
          },
          tags: ['risk', 'record_keeping', 'reporting', 'rights'],
          crossReferences: [{ document: 'wales-safeguarding-procedures', clause: 's2' }],
          locator: { kind: 'numbered', number: '3.5' },
        },
        {
          ref: '3.6',
          number: '3.6',
          title: { en: 'Ending professional relationships', cy: 'Dod â pherthnasoedd proffesiynol i ben' },
          summary: {
            en: 'Plan endings with care and respect: tell the person why your involvement is stopping, what will happen to their support and where else they can turn for help, then bring records up to date and close them properly.',
            cy: "Cynlluniwch ddiweddiadau yn ofalus ac yn barchus: esboniwch i'r person pam mae eich rhan yn dod i ben, beth fydd yn digwydd i'w gymorth a ble arall y gall droi am help, yna diweddarwch a chaewch y cofnodion yn briodol.",
          },
          tags: ['endings', 'record_keeping', 'communication'],
          locator: { kind: 'numbered', number: '3.6' },
        },
        {
          ref: '3.7',
          number: '3.7',
          title: { en: 'Raising concerns and complaints', cy: 'Codi pryderon a chwynion' },
          summary: {
            en: 'Help people and carers to raise concerns and complaints, reassure them they will not lose support for doing so, and report unsafe or abusive behaviour. Cooperate if you are complained about; whistleblowing in good faith is protected.',
            cy: "Helpwch bobl a gofalwyr i godi pryderon a gwneud cwynion, sicrhewch nhw na fyddant yn colli cymorth o'r herwydd, a rhowch wybod am ymddygiad anniogel neu gamdriniol. Cydweithredwch os gwneir cwyn amdanoch; mae chwythu'r chwiban yn ddidwyll wedi'i ddiogelu.",
          },
          tags: ['reporting', 'safeguarding', 'rights'],
          crossReferences: [{ document: 'code-practice-guidance', clause: '4.2' }],
          locator: { kind: 'numbered', number: '3.7' },
        },
      ],
    },
    {
      ref: 's4',
      number: '4',
      title: { en: 'Balancing risk and safety', cy: 'Cydbwyso risg a diogelwch' },
      clauses: [
        {
          ref: '4.1',
          number: '4.1',
          title: { en: 'Positive risk-taking', cy: 'Cymryd risgiau cadarnhaol' },
          summary: {
            en: 'Support people to take risks that matter to them, weighing benefits against harms and avoiding needless restrictions. Restrictive physical intervention is a last resort only; it must be proportionate, lawful and recorded, and never used as punishment.',
            cy: "Cefnogwch bobl i gymryd risgiau sy'n bwysig iddynt, gan bwyso a mesur y manteision yn erbyn y niwed ac osgoi cyfyngiadau diangen. Dewis olaf yn unig yw ymyrraeth gorfforol gyfyngol; rhaid iddi fod yn gymesur, yn gyfreithlon ac wedi'i chofnodi, ac ni ddylid byth ei defnyddio i gosbi.",
          },
          tags: ['risk', 'rights', 'record_keeping'],
          locator: { kind: 'numbered', number: '4.1' },
        },
        {
          ref: '4.2',
          number: '4.2',
          title: { en: 'Safeguarding', cy: 'Diogelu' },
          summary: {
            en: 'Know the signs of abuse, neglect and exploitation, including specific harms such as criminal exploitation, domestic abuse, FGM, forced marriage, radicalisation, hate crime and modern slavery. Follow the Wales Safeguarding Procedures, report promptly, and give your name and role when you do.',
            cy: "Dylech adnabod arwyddion camdriniaeth, esgeulustod a chamfanteisio, gan gynnwys niweidiau penodol fel camfanteisio troseddol, cam-drin domestig, FGM, priodas dan orfod, radicaleiddio, troseddau casineb a chaethwasiaeth fodern. Dilynwch Weithdrefnau Diogelu Cymru, rhowch wybod yn brydlon, a rhowch eich enw a'ch rôl wrth wneud hynny.",
          },
          tags: ['safeguarding', 'specific_harms', 'reporting'],
          crossReferences: [
            { document: 'wales-safeguarding-procedures', clause: 's1' },
            { document: 'wales-safeguarding-procedures', clause: 's2' },
          ],
          locator: { kind: 'numbered', number: '4.2' },
        },
        {
          ref: '4.3',
          number: '4.3',
          title: { en: 'Information sharing and escalation', cy: 'Rhannu gwybodaeth ac uwchgyfeirio' },
          summary: {
            en: 'Confidentiality never stops you passing on information when someone faces abuse or neglect. Apply the golden rules: share only what is needed with the right people, seek consent where you can, tell the person if safe, and record your decision.',
            cy: "Nid yw cyfrinachedd byth yn eich atal rhag rhannu gwybodaeth pan fo rhywun yn wynebu camdriniaeth neu esgeulustod. Dilynwch y rheolau euraidd: rhannwch yr hyn sydd ei angen yn unig gyda'r bobl iawn, ceisiwch gydsyniad lle gallwch, dywedwch wrth y person os yw'n ddiogel, a chofnodwch eich penderfyniad.",
          },
          tags: ['information_sharing', 'consent', 'confidentiality', 'record_keeping'],
          locator: { kind: 'numbered', number: '4.3' },
        },
      ],
    },
    {
      ref: 's5',
      number: '5',
      title: {
        en: 'Acting with integrity and maintaining public trust',
        cy: "Gweithredu gydag uniondeb a chynnal ymddiriedaeth y cyhoedd",
      },
      clauses: [
        {
          ref: '5.1',
          number: '5.1',
          title: { en: 'Professional conduct', cy: 'Ymddygiad proffesiynol' },
          summary: {
            en: "Behave in a way that upholds the profession's values at work, outside it and online. Think before posting, never share anything about people you support without good reason and consent, avoid online friendships with them, and use only approved technology.",
            cy: "Ymddygwch mewn ffordd sy'n cynnal gwerthoedd y proffesiwn yn y gwaith, y tu allan iddo ac ar-lein. Meddyliwch cyn postio, peidiwch byth â rhannu dim am y bobl rydych yn eu cefnogi heb reswm da a chydsyniad, peidiwch â'u dilyn na'u 'ffrindio' ar-lein, a defnyddiwch dechnoleg gymeradwy yn unig.",
          },
          tags: ['conduct', 'social_media', 'boundaries', 'confidentiality'],
          crossReferences: [
            { document: 'code-practice-guidance', clause: '2.1' },
            { document: 'code-practice-guidance', clause: '2.2' },
            { document: 'code-practice-guidance', clause: '2.3' },
            { document: 'code-practice-guidance', clause: '2.4' },
            { document: 'code-practice-guidance', clause: '4.2' },
          ],
          locator: { kind: 'numbered', number: '5.1' },
        },
        {
          ref: '5.2',
          number: '5.2',
          title: { en: 'Fitness to practise', cy: 'Addasrwydd i ymarfer' },
          summary: {
            en: 'Stay fit to practise by remaining qualified, healthy and current. Notify Social Care Wales and your employer at once about an arrest, charge, caution, conviction, certain court orders, barring or a safeguarding investigation, and cooperate fully with any inquiry.',
            cy: "Arhoswch yn addas i ymarfer drwy gadw'n gymwys, yn iach ac yn gyfredol. Rhowch wybod i Gofal Cymdeithasol Cymru ac i'ch cyflogwr ar unwaith am arestiad, cyhuddiad, rhybudd gan yr heddlu, euogfarn, rhai gorchmynion llys, gwaharddiad neu ymchwiliad diogelu, a chydweithredwch yn llawn ag unrhyw ymchwiliad.",
          },
          tags: ['conduct', 'accountability', 'reporting', 'statutory'],
          locator: { kind: 'numbered', number: '5.2' },
        },
        {
          ref: '5.3',
          number: '5.3',
          title: { en: 'Working with colleagues', cy: 'Gweithio gyda chydweithwyr' },
          summary: {
            en: 'Work jointly with other agencies and professions, and treat colleagues with the courtesy you show people you support. Do not misuse authority, be open about conflicts of interest, and take responsibility for work you hand to others.',
            cy: "Cydweithiwch ag asiantaethau a phroffesiynau eraill, a thrinwch gydweithwyr gyda'r un cwrteisi ag a ddangoswch i'r bobl rydych yn eu cefnogi. Peidiwch â chamddefnyddio awdurdod, byddwch yn agored am wrthdaro buddiannau, a chymerwch gyfrifoldeb am waith rydych yn ei drosglwyddo i eraill.",
          },
          tags: ['conduct', 'equality', 'accountability'],
          crossReferences: [
            { document: 'code-practice-guidance', clause: '1.2' },
            { document: 'code-practice-guidance', clause: '1.4' },
            { document: 'code-practice-guidance', clause: '6.5' },
          ],
          locator: { kind: 'numbered', number: '5.3' },
        },
        {
          ref: '5.4',
          number: '5.4',
          title: { en: 'Avoiding unnecessary risk', cy: 'Osgoi risg ddiangen' },
          summary: {
            en: 'Avoid exposing yourself, colleagues or the people you support to needless risk: follow health and safety rules, report incidents and near misses, and consider how medication or life outside work affects your practice. Follow lone working policies and say so if you ever feel unsafe.',
            cy: "Peidiwch â rhoi eich hun, cydweithwyr na'r bobl rydych yn eu cefnogi mewn risg ddiangen: dilynwch reolau iechyd a diogelwch, rhowch wybod am ddigwyddiadau a damweiniau a fu bron â digwydd, ac ystyriwch sut mae meddyginiaeth neu eich bywyd y tu allan i'r gwaith yn effeithio ar eich ymarfer. Dilynwch bolisïau gweithio ar eich pen eich hun a dywedwch os ydych chi byth yn teimlo'n anniogel.",
          },
          tags: ['risk', 'wellbeing', 'reporting'],
          crossReferences: [{ document: 'code-practice-guidance', clause: '5.2' }],
          locator: { kind: 'numbered', number: '5.4' },
        },
      ],
    },
    {
      ref: 's6',
      number: '6',
      title: { en: 'Accountability and professional development', cy: 'Atebolrwydd a datblygiad proffesiynol' },
      clauses: [
        {
          ref: '6.1',
          number: '6.1',
          title: { en: 'Safe and effective practice', cy: 'Ymarfer diogel ac effeithiol' },
          summary: {
            en: "Work safely and lawfully within your role and competence, and ask for help when you need it. Keep clear, factual, timely records that reflect the person's voice, log mistakes honestly, and store records securely.",
            cy: "Gweithiwch yn ddiogel ac yn gyfreithlon o fewn eich rôl a'ch cymhwysedd, a gofynnwch am help pan fydd ei angen arnoch. Cadwch gofnodion clir, ffeithiol ac amserol sy'n adlewyrchu llais y person, cofnodwch gamgymeriadau yn onest, a storiwch gofnodion yn ddiogel.",
          },
          tags: ['accountability', 'record_keeping', 'learning'],
          crossReferences: [{ document: 'code-practice-guidance', clause: '6.3' }],
          locator: { kind: 'numbered', number: '6.1' },
        },
        {
          ref: '6.2',
          number: '6.2',
          title: {
            en: 'Being open and honest (duty of candour)',
            cy: 'Bod yn agored ac yn onest (dyletswydd gonestrwydd)',
          },
          summary: {
            en: 'When something goes wrong, or nearly does, admit it, inform your manager straight away, explain and apologise to the person and involve them in deciding next steps. Never hide mistakes or discourage others from reporting.',
            cy: "Pan fydd rhywbeth yn mynd o'i le, neu bron â mynd o'i le, cyfaddefwch hynny, rhowch wybod i'ch rheolwr ar unwaith, esboniwch ac ymddiheurwch i'r person a'i gynnwys wrth benderfynu beth i'w wneud nesaf. Peidiwch byth â chuddio camgymeriadau na rhwystro eraill rhag rhoi gwybod.",
          },
          tags: ['accountability', 'reporting', 'communication'],
          locator: { kind: 'numbered', number: '6.2' },
        },
        {
          ref: '6.3',
          number: '6.3',
          title: { en: 'Learning and development', cy: 'Dysgu a datblygu' },
          summary: {
            en: 'Keep your knowledge, training and qualifications current for your role, using the Qualifications Framework. Join in supervision and appraisal, reflect on your practice and own your continuing professional development; employers should give you time to learn.',
            cy: "Cadwch eich gwybodaeth, eich hyfforddiant a'ch cymwysterau'n gyfredol ar gyfer eich rôl, gan ddefnyddio'r Fframwaith Cymwysterau. Cymerwch ran mewn goruchwyliaeth ac arfarniad, myfyriwch ar eich ymarfer a chymerwch gyfrifoldeb am eich datblygiad proffesiynol parhaus; dylai cyflogwyr roi amser i chi ddysgu.",
          },
          tags: ['learning', 'supervision'],
          locator: { kind: 'numbered', number: '6.3' },
        },
        {
          ref: '6.4',
          number: '6.4',
          title: { en: 'Managing workload', cy: 'Rheoli llwyth gwaith' },
          summary: {
            en: 'Prioritise tasks so care arrives on time, avoid needless delay and use the right equipment. If your workload threatens safety or quality, tell your manager, and use supervision to talk through pressures and your well-being.',
            cy: "Blaenoriaethwch dasgau fel bod gofal yn cyrraedd mewn pryd, osgowch oedi diangen a defnyddiwch yr offer cywir. Os yw eich llwyth gwaith yn peryglu diogelwch neu ansawdd, dywedwch wrth eich rheolwr, a defnyddiwch oruchwyliaeth i drafod pwysau a'ch llesiant.",
          },
          tags: ['accountability', 'supervision', 'wellbeing'],
          crossReferences: [{ document: 'code-practice-guidance', clause: '7.2' }],
          locator: { kind: 'numbered', number: '6.4' },
        },
        {
          ref: '6.5',
          number: '6.5',
          title: { en: 'Delegation and responsibility', cy: 'Dirprwyo a chyfrifoldeb' },
          summary: {
            en: 'Only hand tasks to people who are trained, competent and authorised, give clear instructions and check the work is done; you stay accountable. If asked to take on a task, be honest about your abilities and ask for support.',
            cy: "Dirprwywch dasgau dim ond i bobl sydd wedi'u hyfforddi, sy'n gymwys ac sydd wedi'u hawdurdodi, rhowch gyfarwyddiadau clir a gwiriwch fod y gwaith wedi'i wneud; chi sy'n parhau'n atebol. Os gofynnir i chi wneud tasg, byddwch yn onest am eich galluoedd a gofynnwch am gymorth.",
          },
          tags: ['accountability', 'supervision'],
          locator: { kind: 'numbered', number: '6.5' },
        },
      ],
    },
    {
      ref: 's7',
      number: '7',
      title: {
        en: 'Embedding the Code in leadership and management',
        cy: "Ymgorffori'r Cod mewn arweinyddiaeth a rheolaeth",
      },
      clauses: [
        {
          ref: '7.1',
          number: '7.1',
          title: { en: 'Compassionate leadership', cy: 'Arweinyddiaeth dosturiol' },
          summary: {
            en: 'Lead with empathy and respect, creating psychological safety so staff feel valued and able to speak up. Listen to their needs, support their growth, and build a fair, inclusive culture that will not tolerate bullying, discrimination or harassment.',
            cy: "Arweiniwch gydag empathi a pharch, gan greu diogelwch seicolegol fel bod staff yn teimlo eu bod yn cael eu gwerthfawrogi ac yn gallu codi llais. Gwrandewch ar eu hanghenion, cefnogwch eu datblygiad, a meithrinwch ddiwylliant teg a chynhwysol na fydd yn goddef bwlio, gwahaniaethu nac aflonyddu.",
          },
          tags: ['leadership', 'wellbeing', 'equality'],
          crossReferences: [
            { document: 'code-practice-guidance', clause: '1.2' },
            { document: 'code-practice-guidance', clause: '1.3' },
            { document: 'code-practice-guidance', clause: '1.4' },
          ],
          locator: { kind: 'numbered', number: '7.1' },
        },
        {
          ref: '7.2',
          number: '7.2',
          title: { en: 'Staff development and supervision', cy: 'Datblygu staff a goruchwylio' },
          summary: {
            en: 'Recruit safely, make sure new starters complete an induction such as the All Wales Induction Framework where it applies, and support training, qualifications and appraisal. Provide regular, planned, recorded supervision covering well-being, workload, reflection and learning.',
            cy: "Recriwtiwch yn ddiogel, sicrhewch fod staff newydd yn cwblhau cyfnod sefydlu, fel Fframwaith Sefydlu Cymru Gyfan lle bo'n berthnasol, a chefnogwch hyfforddiant, cymwysterau ac arfarniadau. Darparwch oruchwyliaeth reolaidd, wedi'i chynllunio a'i chofnodi, sy'n ymdrin â llesiant, llwyth gwaith, myfyrio a dysgu.",
          },
          tags: ['leadership', 'supervision', 'learning'],
          locator: { kind: 'numbered', number: '7.2' },
        },
        {
          ref: '7.3',
          number: '7.3',
          title: {
            en: 'Monitoring, quality assurance and acting on concerns',
            cy: 'Monitro, sicrhau ansawdd a gweithredu ar bryderon',
          },
          summary: {
            en: 'Know what is happening in your service by observing practice, seeking feedback, checking records and auditing, and spread what works well. Tackle poor performance and misconduct quickly, refer serious concerns to the regulator, and act on unsafe systems.',
            cy: "Dylech wybod beth sy'n digwydd yn eich gwasanaeth drwy arsylwi ymarfer, gofyn am adborth, gwirio cofnodion ac archwilio, a rhannu'r hyn sy'n gweithio'n dda. Ymdriniwch â pherfformiad gwael a chamymddwyn yn brydlon, cyfeiriwch bryderon difrifol at y rheoleiddiwr, a gweithredwch ar systemau anniogel.",
          },
          tags: ['leadership', 'accountability', 'reporting'],
          locator: { kind: 'numbered', number: '7.3' },
        },
        {
          ref: '7.4',
          number: '7.4',
          title: { en: 'Safeguarding and whistleblowing', cy: "Diogelu a chwythu'r chwiban" },
          summary: {
            en: "Make safeguarding part of your service's culture: train staff to spot and report abuse, respond quickly to concerns and protect whistleblowers. Understand your legal duties under the 2014 and 2016 Acts, share information promptly when someone is at risk, and keep accurate records.",
            cy: "Gwnewch ddiogelu yn rhan o ddiwylliant eich gwasanaeth: hyfforddwch staff i adnabod camdriniaeth a rhoi gwybod amdani, ymatebwch yn gyflym i bryderon ac amddiffynnwch chwythwyr chwiban. Deallwch eich dyletswyddau cyfreithiol o dan Ddeddfau 2014 a 2016, rhannwch wybodaeth yn brydlon pan fo rhywun yn wynebu risg, a chadwch gofnodion cywir.",
          },
          tags: ['leadership', 'safeguarding', 'information_sharing', 'reporting'],
          crossReferences: [
            { document: 'wales-safeguarding-procedures', clause: 's1' },
            { document: 'wales-safeguarding-procedures', clause: 's2' },
            { document: 'wales-safeguarding-procedures', clause: 's3-1' },
            { document: 'wales-safeguarding-procedures', clause: 's5' },
          ],
          locator: { kind: 'numbered', number: '7.4' },
        },
      ],
    },
  ],
};
