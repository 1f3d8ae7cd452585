import type { PhotoConsent, PostFindingKind } from '../../src/domain/post-check.js';

/**
 * Draft posts a social care worker might write, each with the risks a careful reader of
 * Social Care Wales' "Using social media responsibly" would point out. All invented: the
 * people are common first names only, the places are towns or made-up homes and schools.
 */
export interface CorpusDraft {
  label: string;
  text: string;
  photoAttached: boolean;
  photoConsent?: PhotoConsent;
  expected: PostFindingKind[];
}

export const POST_CORPUS: readonly CorpusDraft[] = [
  // Harmless: nothing the guidance names.
  { label: 'dog walk', text: 'Lovely walk with the dog this morning', photoAttached: false, expected: [] },
  { label: 'sourdough', text: 'Made my first ever sourdough loaf today. Not bad for a beginner!', photoAttached: false, expected: [] },
  { label: 'tomatoes', text: 'The tomatoes are finally ripening. Summer is nearly here 🍅', photoAttached: false, expected: [] },
  { label: 'bara brith recipe', text: 'Anyone got a good recipe for bara brith? Asking for a friend.', photoAttached: false, expected: [] },
  { label: 'proud to care', text: "Proud to be a social care worker. It's hard work but it matters. #ProudToCare", photoAttached: false, expected: [] },
  { label: 'first 10k', text: 'Ran my first 10k in the rain. Legs like jelly but happy.', photoAttached: false, expected: [] },
  { label: 'training day', text: 'Great safeguarding training session today. Learnt loads about raising concerns.', photoAttached: false, expected: [] },
  { label: 'Welsh dog walk', text: "Taith gerdded hyfryd gyda'r ci bore 'ma ☀️", photoAttached: false, expected: [] },
  { label: 'book tip', text: 'Finished a brilliant book last night – highly recommend The Salt Path.', photoAttached: false, expected: [] },
  { label: 'quiet weekend', text: 'Quiet weekend planned: films, takeaway and an early night.', photoAttached: false, expected: [] },
  { label: 'coffee with a friend', text: 'Coffee and cake with Sarah this afternoon, much needed catch up ☕', photoAttached: false, expected: [] },
  { label: 'recruiting', text: 'Our service is recruiting support workers – message me if you want to know what the job is really like.', photoAttached: false, expected: [] },
  { label: 'Welsh learner', text: "Dw i'n dysgu Cymraeg ers blwyddyn. Mae'n anodd ond dw i'n mwynhau!", photoAttached: false, expected: [] },
  { label: 'awards photo with consent', text: 'Team photo from our awards night – so proud of everyone! 🏆', photoAttached: true, photoConsent: 'yes', expected: [] },
  { label: 'switching off', text: 'Has anyone got tips for switching off after a tough week? Asking for me.', photoAttached: false, expected: [] },
  { label: 'Welsh football', text: "Llongyfarchiadau mawr i dîm pêl-droed y pentref ar ennill y gynghrair!", photoAttached: false, expected: [] },
  { label: 'back at the gym', text: 'Back at the gym after three weeks off. Ouch.', photoAttached: false, expected: [] },
  { label: 'birthday thanks', text: 'Thank you for all the birthday wishes yesterday, feeling very spoilt!', photoAttached: false, expected: [] },
  { label: 'driving test', text: 'Passed my driving test!! 🚗', photoAttached: false, expected: [] },

  // People the worker supports, and details that identify them.
  {
    label: 'resident birthday with photo',
    text: 'Happy 90th birthday to Mary, one of our lovely residents! She had the best day 🎂',
    photoAttached: true,
    photoConsent: 'not_sure',
    expected: ['identifying_details', 'people_supported', 'photo_without_consent'],
  },
  { label: 'service user threw dinner', text: "Had a service user today who threw his dinner at me. You couldn't make it up 😂", photoAttached: false, expected: ['people_supported'] },
  { label: 'child on caseload moved', text: 'Tough day. A child on my caseload was moved again – third placement this year. Heartbreaking.', photoAttached: false, expected: ['people_supported'] },
  { label: 'family visited', text: 'The family I visited this morning had no heating and three kids under five. How is this allowed in 2026?', photoAttached: false, expected: ['people_supported'] },
  { label: 'lady with dementia', text: 'Sat with a lovely lady I support today who has dementia. She told me all about her wedding in 1956. Made my day.', photoAttached: false, expected: ['people_supported'] },
  { label: 'not naming names', text: "Not naming names but one of our residents' sons is the rudest man alive.", photoAttached: false, expected: ['people_supported'] },
  { label: 'friend request', text: 'One of the mums from my caseload sent me a friend request 😬 awkward', photoAttached: false, expected: ['people_supported'] },
  { label: 'families I work with', text: "Honestly some of the families I work with shouldn't be allowed pets, never mind children.", photoAttached: false, expected: ['people_supported'] },
  { label: '102 today', text: "Our oldest gentleman turned 102 today. What a life he's had.", photoAttached: false, expected: ['identifying_details', 'people_supported'] },
  { label: 'fete with consent', text: 'Throwback to our summer fete – the residents loved the donkeys! 🐴', photoAttached: true, photoConsent: 'yes', expected: ['people_supported'] },
  {
    label: 'goodbye and funeral',
    text: "Said goodbye to one of our residents on Tuesday 3rd March. Funeral is at St Mary's church.",
    photoAttached: false,
    expected: ['identifying_details', 'people_supported'],
  },
  {
    label: 'A&E with a client',
    text: 'Sat in A&E at Glan Clwyd Hospital with one of my clients for six hours. The NHS is on its knees.',
    photoAttached: false,
    expected: ['identifying_details', 'people_supported', 'location_traces'],
  },
  {
    label: 'restraint and management',
    text: "Had to restrain a young person again tonight. Management couldn't care less and I'm raging.",
    photoAttached: false,
    expected: ['people_supported', 'colleagues_or_employer', 'emotional_tone'],
  },
  { label: 'child school and age', text: 'So proud of Lily, 7 years old today and off on her first trip with Ysgol Glan y Môr!', photoAttached: false, expected: ['identifying_details'] },
  { label: 'own son birthday', text: "Happy 6th birthday to my little man Osian! Can't believe how fast it goes 💙", photoAttached: false, expected: ['identifying_details'] },
  { label: 'named colleagues on nights', text: 'Great night shift with Gethin and Nia, we laughed so much 😂', photoAttached: false, expected: ['identifying_details'] },

  // Colleagues, managers and the employer.
  { label: 'manager is a joke', text: 'My manager is an absolute joke. Changed the rota AGAIN without asking anyone. Sick of it.', photoAttached: false, expected: ['colleagues_or_employer', 'emotional_tone'] },
  { label: 'colleagues thanks', text: 'Huge thanks to my amazing colleagues who covered for me this week. Best team ever ❤️', photoAttached: false, expected: ['colleagues_or_employer'] },
  { label: 'ten years at the council', text: 'Ten years today working for Sir Fynydd County Council. Where did the time go?', photoAttached: false, expected: ['identifying_details', 'colleagues_or_employer'] },
  { label: 'head office meeting', text: "Another meeting at head office that could have been an email. Senior management haven't a clue.", photoAttached: false, expected: ['colleagues_or_employer'] },
  { label: 'some people at work', text: "Funny how some people at work only turn up when the manager's in 🙄 you know who you are", photoAttached: false, expected: ['colleagues_or_employer'] },
  { label: 'the home I work at', text: "Wouldn't let my worst enemy's nan go into the home I work at. Says it all.", photoAttached: false, expected: ['colleagues_or_employer'] },
  { label: 'short-handed shift', text: "Worst shift ever. Twelve hours, two staff short and nobody cares. I can't take any more of this.", photoAttached: false, expected: ['colleagues_or_employer', 'emotional_tone'] },

  // Anger and venting.
  { label: 'shouting', text: 'WHY does NOBODY ever listen?!?! Honestly.', photoAttached: false, expected: ['emotional_tone'] },
  { label: 'swearing', text: 'What a f***ing day. Home, wine, bed.', photoAttached: false, expected: ['emotional_tone'] },
  { label: 'fed up', text: 'So fed up of being treated like dirt by people who have no idea what we do.', photoAttached: false, expected: ['emotional_tone'] },

  // Where the worker is.
  { label: 'care home check-in', text: 'Checked in at Brynhaul Care Home 📍 long day ahead', photoAttached: false, expected: ['identifying_details', 'location_traces'] },
  { label: 'at work in Rhyl', text: 'At work today in Rhyl, anyone fancy lunch?', photoAttached: false, expected: ['identifying_details', 'location_traces'] },
  { label: 'postcode', text: 'Parcel for 14 Heol y Bryn, CF10 1EW keeps going missing, so annoying', photoAttached: false, expected: ['identifying_details', 'location_traces'] },
  { label: 'live location', text: 'Sharing my live location with the girls tonight, out in town 🍸', photoAttached: false, expected: ['location_traces'] },
  { label: 'on the way to Tenby', text: "On my way to Tenby for the weekend, can't wait!", photoAttached: false, expected: ['location_traces'] },
  { label: 'new house', text: 'Finally moved into 22 Maple Road! Housewarming on Saturday, all welcome', photoAttached: false, expected: ['identifying_details', 'location_traces'] },

  // Photos.
  { label: 'sunset photo, consent unsure', text: 'Sunset over the bay tonight 🌅', photoAttached: true, photoConsent: 'not_sure', expected: ['photo_without_consent'] },
  { label: 'night out photo, no consent', text: 'Night out with the girls 💃', photoAttached: true, photoConsent: 'no', expected: ['photo_without_consent'] },
  { label: 'pics mentioned', text: 'Pics of Dai blowing out his candles at the party earlier 🎉', photoAttached: false, expected: ['photo_without_consent'] },
  { label: 'selfie at bingo', text: 'Selfie with the ladies at bingo this afternoon 💃', photoAttached: true, photoConsent: 'not_sure', expected: ['photo_without_consent'] },

  // Welsh.
  { label: 'Welsh resident birthday', text: "Penblwydd hapus i Mair, un o'n preswylwyr, sy'n 95 oed heddiw!", photoAttached: false, expected: ['identifying_details', 'people_supported'] },
  { label: 'Welsh manager vent', text: "Diwrnod hir yn y gwaith. Wedi cael llond bol ar y rheolwr a'r rota newydd.", photoAttached: false, expected: ['colleagues_or_employer', 'emotional_tone'] },
  { label: 'Welsh in Cardiff', text: "Dw i yng Nghaerdydd heddiw am gyfarfod, unrhyw un am goffi?", photoAttached: false, expected: ['location_traces'] },
  { label: 'Welsh client', text: 'Cleient wedi bod yn gas iawn gyda fi heddiw. Diwrnod anodd.', photoAttached: false, expected: ['people_supported'] },
  { label: 'Welsh children photo', text: "Llun o'r plant yn y parti heddiw", photoAttached: true, photoConsent: 'no', expected: ['photo_without_consent'] },
];
