/**
 * Catalogue entry for seed 002: an NSPCC Learning CASPAR briefing (December 2019) that
 * describes the Wales Safeguarding Procedures for children.
 *
 * Numbers, headings and titles are facts about the briefing; every summary is our own
 * wording. The briefing's text is never stored here.
 *
 * Welsh: the `cy` values are our draft, using /work/shared/GLOSSARY-cy.md where a term is
 * listed. The Welsh needs a qualified translator's review before launch.
 *
 * Layout notes for the importer:
 * - Section headings are plain lines ("Section 1: …", "Section 3 (part 1): …"), except
 *   Section 6, which uses a full stop ("Section 6. All Wales Practice Guides").
 * - The bullet list under "Section 3 (part 2)" repeats three bullets from Section 2 in the
 *   briefing itself; the importer should attach it as printed.
 * - The last practice guide bullet ends with a full stop.
 */
import type { GuidanceDocument } from '../types.js';

const SECTION_6_HEADING = 'Section 6. All Wales Practice Guides';

export const WALES_SAFEGUARDING_PROCEDURES: GuidanceDocument = {
  id: 'wales-safeguarding-procedures',
  kind: 'procedures',
  title: {
    en: 'Wales Safeguarding Procedures',
    cy: 'Gweithdrefnau Diogelu Cymru',
  },
  publisher: {
    en: 'NSPCC Learning (CASPAR briefing)',
    cy: 'NSPCC Learning (briff CASPAR)',
  },
  edition: '2019',
  sourceUrl: 'https://safeguarding.wales',
  summary: {
    en: 'A short NSPCC overview of the all-Wales procedures for protecting children, explaining why they were introduced and what each of their six parts deals with.',
    cy: 'Trosolwg byr gan yr NSPCC o weithdrefnau Cymru gyfan ar gyfer amddiffyn plant, sy’n egluro pam y cawsant eu cyflwyno a beth mae pob un o’u chwe rhan yn ymdrin ag ef.',
  },
  graded: false,
  sections: [
    {
      ref: 'background',
      number: null,
      title: { en: 'Background and scope', cy: 'Cefndir a chwmpas' },
      clauses: [
        {
          ref: 'background',
          number: null,
          title: { en: 'Background to the new guidance', cy: 'Cefndir y canllawiau newydd' },
          summary: {
            en: 'The procedures took over from the 2008 child protection procedures. They put Part 7 of the 2014 Act and the Working Together guidance into practice, so that every agency in Wales follows one consistent approach, and each regional board was expected to adopt them by spring 2020.',
            cy: 'Daeth y gweithdrefnau yn lle gweithdrefnau amddiffyn plant 2008. Maen nhw’n rhoi Rhan 7 o Ddeddf 2014 a chanllawiau Gweithio Gyda’n Gilydd ar waith, fel bod pob asiantaeth yng Nghymru yn dilyn un dull cyson, a disgwylid i bob bwrdd rhanbarthol eu mabwysiadu erbyn gwanwyn 2020.',
          },
          tags: ['safeguarding', 'statutory', 'children'],
          locator: { kind: 'heading', text: 'Background to the new guidance' },
        },
        {
          ref: 'key-topics',
          number: null,
          title: { en: 'Key topics covered by the guidance', cy: 'Prif bynciau’r canllawiau' },
          summary: {
            en: 'The procedures for children fall into six parts, running from principles and the duty to report through enquiries, conferences and plans to concerns about staff and a set of practice guides.',
            cy: 'Mae’r gweithdrefnau ar gyfer plant wedi’u rhannu’n chwe rhan, o’r egwyddorion a’r ddyletswydd i hysbysu, drwy ymholiadau, cynadleddau a chynlluniau, i bryderon am staff a chyfres o ganllawiau ymarfer.',
          },
          tags: ['safeguarding', 'children'],
          locator: { kind: 'heading', text: 'Key topics covered by the guidance' },
        },
      ],
    },
    {
      ref: 'sections',
      number: null,
      title: { en: 'The six sections of the procedures', cy: 'Chwe adran y gweithdrefnau' },
      clauses: [
        {
          ref: 's1',
          number: '1',
          title: {
            en: 'Safeguarding principles and effective practice: children',
            cy: 'Egwyddorion diogelu ac ymarfer effeithiol: plant',
          },
          summary: {
            en: 'Sets out the principles behind safeguarding work with children, the main legal definitions, how the process fits together, and the part every practitioner plays in spotting concerns early and offering help before harm escalates.',
            cy: 'Mae’n nodi’r egwyddorion sy’n sail i waith diogelu gyda phlant, y prif ddiffiniadau cyfreithiol, sut mae’r broses yn cydweddu, a rhan pob ymarferydd wrth sylwi ar bryderon yn gynnar a chynnig help cyn i niwed waethygu.',
          },
          tags: ['safeguarding', 'children', 'statutory'],
          locator: { kind: 'heading', text: 'Section 1: Safeguarding principles and effective practice: children' },
        },
        {
          ref: 's2',
          number: '2',
          title: {
            en: 'The duty to report a child at risk',
            cy: 'Y ddyletswydd i hysbysu am blentyn sy’n wynebu risg',
          },
          summary: {
            en: 'Explains the legal duty to tell the local authority when you are worried a child may be at risk, what that means for you in practice, and how to handle particular cases such as concerns before a baby is born.',
            cy: 'Mae’n egluro’r ddyletswydd gyfreithiol i hysbysu’r awdurdod lleol pan fyddwch yn poeni y gallai plentyn fod yn wynebu risg, beth mae hynny’n ei olygu i chi yn ymarferol, a sut i ymdrin ag achosion penodol fel pryderon cyn geni babi.',
          },
          tags: ['reporting', 'safeguarding', 'children', 'statutory'],
          locator: {
            kind: 'heading',
            text: 'Section 2: The duty to report',
          },
        },
        {
          ref: 's3-1',
          number: '3.1',
          title: {
            en: 'Responding to a report of a child at risk',
            cy: 'Ymateb i hysbysiad am blentyn sy’n wynebu risg',
          },
          summary: {
            en: 'Covers what happens once social services receive a report: what counts as significant harm, the steps that follow, which people and agencies to involve and keep updated, and how concerns are taken forward.',
            cy: 'Mae’n ymdrin â’r hyn sy’n digwydd pan fydd y gwasanaethau cymdeithasol yn cael hysbysiad: beth yw niwed sylweddol, y camau nesaf, pa bobl ac asiantaethau i’w cynnwys a’u diweddaru, a sut mae pryderon yn cael eu datblygu.',
          },
          tags: ['reporting', 'safeguarding', 'children', 'risk'],
          locator: {
            kind: 'heading',
            text: 'Section 3 (part 1): Responding to a report',
          },
        },
        {
          ref: 's3-2',
          number: '3.2',
          title: {
            en: 'Decision making and initial child protection conferences',
            cy: 'Gwneud penderfyniadau a chynadleddau amddiffyn plant cychwynnol',
          },
          summary: {
            en: 'Describes how section 47 enquiries are brought to a decision and how an initial conference is prepared and run, including placing a child on the register, drawing up a protection plan and the follow-up actions.',
            cy: 'Mae’n disgrifio sut y daw ymholiadau adran 47 i benderfyniad a sut mae paratoi a chynnal cynhadledd gychwynnol, gan gynnwys rhoi plentyn ar y Gofrestr Amddiffyn Plant, llunio cynllun amddiffyn gofal a chymorth a’r camau dilynol.',
          },
          tags: ['safeguarding', 'children', 'statutory'],
          locator: {
            kind: 'heading',
            text: 'Section 3 (part 2): Decision making',
          },
        },
        {
          ref: 's4',
          number: '4',
          title: {
            en: 'Planning and intervention for children on the register',
            cy: 'Cynllunio ac ymyrryd ar gyfer plant ar y gofrestr',
          },
          summary: {
            en: 'Deals with the plan for a registered child: what it should aim for and contain, working with parents and carers, involving the child, and what to do if the child moves area or goes missing.',
            cy: 'Mae’n ymdrin â’r cynllun ar gyfer plentyn sydd ar y gofrestr: beth ddylai ei nod a’i gynnwys fod, gweithio gyda rhieni a gofalwyr, cynnwys y plentyn, a beth i’w wneud os yw’r plentyn yn symud ardal neu’n mynd ar goll.',
          },
          tags: ['safeguarding', 'children', 'risk'],
          locator: {
            kind: 'heading',
            text: 'Section 4: Planning and intervention',
          },
        },
        {
          ref: 's5',
          number: '5',
          title: {
            en: 'Concerns about practitioners and people in positions of trust',
            cy: 'Pryderon am ymarferwyr a phobl mewn swyddi o ymddiriedaeth',
          },
          summary: {
            en: 'Sets out how to respond when a paid worker or volunteer whose role brings them into contact with vulnerable children or adults may have caused harm, including the professional strategy meeting, cases crossing area boundaries, and confidentiality and records.',
            cy: 'Mae’n nodi sut i ymateb pan allai rhywun sy’n gweithio neu’n gwirfoddoli gyda phlant neu oedolion sy’n wynebu risg fod wedi achosi niwed, gan gynnwys y Cyfarfod Strategaeth Proffesiynol, achosion ar draws ffiniau ardal, a chyfrinachedd a chofnodion.',
          },
          tags: ['safeguarding', 'conduct', 'accountability', 'children', 'adults'],
          locator: {
            kind: 'heading',
            text: 'Section 5: Safeguarding allegations',
          },
        },
        {
          ref: 's6',
          number: '6',
          title: {
            en: 'All Wales Practice Guides',
            cy: 'Canllawiau Ymarfer Cymru Gyfan',
          },
          summary: {
            en: 'Introduces ten short guides for people working with children, each dealing with one particular form of harm or group of children who need extra protection.',
            cy: 'Mae’n cyflwyno deg canllaw byr i bobl sy’n gweithio gyda phlant, pob un yn ymdrin ag un math penodol o niwed neu grŵp o blant sydd angen amddiffyniad ychwanegol.',
          },
          tags: ['specific_harms', 'children', 'safeguarding'],
          locator: { kind: 'heading', text: SECTION_6_HEADING },
        },
      ],
    },
    {
      ref: 'practice-guides',
      number: null,
      title: { en: 'All Wales Practice Guides', cy: 'Canllawiau Ymarfer Cymru Gyfan' },
      clauses: [
        {
          ref: 'pg-cce',
          number: null,
          title: {
            en: 'Safeguarding children from Child Criminal Exploitation (CCE)',
            cy: 'Diogelu plant rhag Camfanteisio Troseddol ar Blant (CTaB)',
          },
          summary: {
            en: 'Guidance on protecting children who are groomed or pressured into crime by others, such as drug running, and on recognising the signs.',
            cy: 'Canllawiau ar amddiffyn plant sy’n cael eu meithrin neu eu gorfodi gan eraill i droseddu, fel cario cyffuriau, ac ar adnabod yr arwyddion.',
          },
          tags: ['specific_harms', 'children', 'safeguarding'],
          locator: { kind: 'bullet', heading: SECTION_6_HEADING, index: 1 },
        },
        {
          ref: 'pg-cultural-religious',
          number: null,
          title: {
            en: 'Safeguarding children from abuse related to cultural and religious beliefs',
            cy: 'Diogelu plant rhag cam-drin sy’n gysylltiedig â chredoau diwylliannol a chrefyddol',
          },
          summary: {
            en: 'Guidance on harm that is justified by faith, tradition or belief, such as accusations of witchcraft, and on responding with cultural sensitivity without losing focus on the child.',
            cy: 'Canllawiau ar niwed sy’n cael ei gyfiawnhau drwy ffydd, traddodiad neu gred, fel cyhuddiadau o ddewiniaeth, ac ar ymateb yn sensitif i ddiwylliant heb golli golwg ar y plentyn.',
          },
          tags: ['specific_harms', 'children', 'safeguarding', 'equality'],
          locator: { kind: 'bullet', heading: SECTION_6_HEADING, index: 2 },
        },
        {
          ref: 'pg-trafficked',
          number: null,
          title: {
            en: 'Safeguarding children who may be trafficked',
            cy: 'Diogelu plant a all fod wedi’u masnachu',
          },
          summary: {
            en: 'Guidance on identifying and protecting children who may have been moved or held for exploitation, and on making the right referrals.',
            cy: 'Canllawiau ar adnabod ac amddiffyn plant a allai fod wedi’u symud neu eu cadw er mwyn camfanteisio arnynt, ac ar wneud yr atgyfeiriadau cywir.',
          },
          tags: ['specific_harms', 'children', 'safeguarding', 'reporting'],
          locator: { kind: 'bullet', heading: SECTION_6_HEADING, index: 3 },
        },
        {
          ref: 'pg-domestic-abuse',
          number: null,
          title: {
            en: 'Safeguarding children affected by domestic abuse',
            cy: 'Diogelu plant y mae cam-drin domestig yn effeithio arnynt',
          },
          summary: {
            en: 'Guidance on the effect on children of living with violence or coercive control at home, and on how agencies should work together to keep them safe.',
            cy: 'Canllawiau ar yr effaith ar blant o fyw gyda thrais neu reolaeth drwy orfodaeth gartref, ac ar sut y dylai asiantaethau gydweithio i’w cadw’n ddiogel.',
          },
          tags: ['specific_harms', 'children', 'safeguarding'],
          locator: { kind: 'bullet', heading: SECTION_6_HEADING, index: 4 },
        },
        {
          ref: 'pg-neglect',
          number: null,
          title: {
            en: 'Safeguarding children from neglect',
            cy: 'Diogelu plant rhag esgeulustod',
          },
          summary: {
            en: 'Guidance on recognising when a child’s basic needs are persistently unmet and on acting before the damage builds up over time.',
            cy: 'Canllawiau ar adnabod pan nad yw anghenion sylfaenol plentyn yn cael eu diwallu dro ar ôl tro, ac ar weithredu cyn i’r niwed gronni dros amser.',
          },
          tags: ['specific_harms', 'children', 'safeguarding'],
          locator: { kind: 'bullet', heading: SECTION_6_HEADING, index: 5 },
        },
        {
          ref: 'pg-online',
          number: null,
          title: {
            en: 'Safeguarding children from online abuse',
            cy: 'Diogelu plant rhag cam-drin ar-lein',
          },
          summary: {
            en: 'Guidance on harm that happens through the internet and digital devices, such as grooming, image sharing and cyberbullying, and on how to respond.',
            cy: 'Canllawiau ar niwed sy’n digwydd drwy’r rhyngrwyd a dyfeisiau digidol, fel meithrin perthynas amhriodol, rhannu delweddau a seiberfwlio, ac ar sut i ymateb.',
          },
          tags: ['specific_harms', 'children', 'safeguarding', 'social_media'],
          locator: { kind: 'bullet', heading: SECTION_6_HEADING, index: 6 },
        },
        {
          ref: 'pg-hsb',
          number: null,
          title: {
            en: 'Safeguarding children where there are concerns about harmful sexual behaviour',
            cy: 'Diogelu plant lle mae pryderon ynghylch ymddygiad rhywiol niweidiol',
          },
          summary: {
            en: 'Guidance on responding when a child’s sexual behaviour may harm others or themselves, balancing protection of any victims with support for the child concerned.',
            cy: 'Canllawiau ar ymateb pan allai ymddygiad rhywiol plentyn niweidio eraill neu’r plentyn ei hun, gan gydbwyso amddiffyn unrhyw ddioddefwyr â chefnogi’r plentyn dan sylw.',
          },
          tags: ['specific_harms', 'children', 'safeguarding'],
          locator: { kind: 'bullet', heading: SECTION_6_HEADING, index: 7 },
        },
        {
          ref: 'pg-home-educated',
          number: null,
          title: {
            en: 'Safeguarding children who are home educated',
            cy: 'Diogelu plant sy’n cael eu haddysgu gartref',
          },
          summary: {
            en: 'Guidance on keeping children safe when they learn at home rather than at school and may be less visible to professionals.',
            cy: 'Canllawiau ar gadw plant yn ddiogel pan fyddant yn dysgu gartref yn hytrach nag yn yr ysgol ac efallai’n llai gweladwy i weithwyr proffesiynol.',
          },
          tags: ['specific_harms', 'children', 'safeguarding'],
          locator: { kind: 'bullet', heading: SECTION_6_HEADING, index: 8 },
        },
        {
          ref: 'pg-missing',
          number: null,
          title: {
            en: 'Safeguarding children who go missing from home or care',
            cy: 'Diogelu plant sy’n mynd ar goll o’r cartref neu o ofal',
          },
          summary: {
            en: 'Guidance on what to do when a child runs away or cannot be found, the risks they may face while away, and talking with them on their return.',
            cy: 'Canllawiau ar beth i’w wneud pan fydd plentyn yn rhedeg i ffwrdd neu pan na ellir dod o hyd iddo, y risgiau y gallai eu hwynebu tra bydd i ffwrdd, a siarad ag ef pan fydd yn dychwelyd.',
          },
          tags: ['specific_harms', 'children', 'safeguarding', 'risk'],
          locator: { kind: 'bullet', heading: SECTION_6_HEADING, index: 9 },
        },
        {
          ref: 'pg-cse',
          number: null,
          title: {
            en: 'Safeguarding children from child sexual exploitation (CSE)',
            cy: 'Diogelu plant rhag camfanteisio’n rhywiol ar blant (CSE)',
          },
          summary: {
            en: 'Guidance on spotting and disrupting situations where a child is manipulated into sexual activity in return for something, and on supporting the child.',
            cy: 'Canllawiau ar sylwi ar sefyllfaoedd lle mae plentyn yn cael ei drin i gymryd rhan mewn gweithgarwch rhywiol yn gyfnewid am rywbeth, ac ar darfu arnynt a chefnogi’r plentyn.',
          },
          tags: ['specific_harms', 'children', 'safeguarding'],
          locator: { kind: 'bullet', heading: SECTION_6_HEADING, index: 10 },
        },
      ],
    },
  ],
};
