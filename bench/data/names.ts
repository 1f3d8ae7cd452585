import type { Rng } from './rng.js';

/**
 * Fictional people: first names and surnames common in Wales, mixed at random, so the
 * person search meets the same repeated surnames (Jones, Williams, Davies) a real
 * authority's records do. Nobody here is a real person.
 */
const FIRST = [
  'Aled', 'Alys', 'Amelia', 'Aneurin', 'Anwen', 'Arwel', 'Awen', 'Bethan', 'Bleddyn', 'Branwen', 'Bryn', 'Cadi', 'Caio', 'Carys', 'Catrin',
  'Cerys', 'Ceri', 'Charlie', 'Chloe', 'Cian', 'Dafydd', 'Deio', 'Dewi', 'Dylan', 'Efa', 'Eira', 'Elen', 'Elis', 'Elliw', 'Emrys', 'Erin',
  'Evan', 'Ffion', 'Freya', 'Gareth', 'Gethin', 'Glenys', 'Grace', 'Gruffydd', 'Gwen', 'Gwenllian', 'Gwilym', 'Harri', 'Harry', 'Heledd',
  'Huw', 'Hywel', 'Iestyn', 'Ifan', 'Ioan', 'Iolo', 'Isla', 'Iwan', 'Jac', 'Jack', 'Jacob', 'Jessica', 'Leah', 'Lewis', 'Lili', 'Llew',
  'Lowri', 'Luke', 'Mabli', 'Macsen', 'Madog', 'Mali', 'Manon', 'Mared', 'Mari', 'Megan', 'Meinir', 'Mia', 'Morgan', 'Myfanwy', 'Nia',
  'Noah', 'Non', 'Nye', 'Olivia', 'Osian', 'Owain', 'Peredur', 'Rhian', 'Rhiannon', 'Rhodri', 'Rhys', 'Rhodd', 'Ruby', 'Seren', 'Siân',
  'Siôn', 'Sioned', 'Steffan', 'Tegan', 'Teilo', 'Tomos', 'Twm', 'Wil', 'Ynyr', 'Zara',
];
const LAST = [
  'Jones', 'Williams', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Lewis', 'Hughes', 'Morgan', 'Griffiths', 'Edwards', 'Owen', 'Jenkins',
  'Price', 'Rees', 'Parry', 'Phillips', 'James', 'Morris', 'Powell', 'Pritchard', 'Rowlands', 'Lloyd', 'Vaughan', 'Bowen', 'Howells',
  'Pugh', 'Prosser', 'Bevan', 'Probert', 'Meredith', 'Gwynne', 'Llewellyn', 'Watkins', 'Harries', 'Ellis', 'Mathias', 'Cadwaladr',
  'Gruffudd', 'Wynne', 'Tudor', 'Humphreys', 'Beynon', 'Prydderch', 'Pughe', 'Rhydderch', 'Hopkins', 'Nicholas', 'Walters', 'Stephens',
  'Jarman', 'Kemble', 'Lake', 'Mason', 'Nash', 'Oakley', 'Palmer', 'Quinn', 'Rowe', 'Shaw', 'Taylor', 'Underhill', 'Walsh', 'Young',
  'Ahmed', 'Begum', 'Khan', 'Kowalski', 'Nowak', 'Patel', 'Singh', 'Nguyen', 'Okafor', 'Silva', 'Murphy', 'Kelly', 'Campbell', 'Stewart',
];
const STREETS = ['Heol y Felin', 'Stryd y Bont', 'Ffordd yr Eglwys', 'Lôn Las', 'Maes y Dre', 'Heol Fawr', 'Church Street', 'Station Road', 'High Street', 'Bryn Teg', 'Clos y Wern', 'Rhodfa’r Môr'];

export function personName(rng: Rng): { first: string; full: string; street: string } {
  const first = rng.pickOne(FIRST);
  const middle = rng.next() < 0.2 ? ` ${rng.pickOne(FIRST)}` : '';
  const last = rng.next() < 0.08 ? `${rng.pickOne(LAST)}-${rng.pickOne(LAST)}` : rng.pickOne(LAST);
  return { first, full: `${first}${middle} ${last}`, street: rng.pickOne(STREETS) };
}

let nhsCounter = 0;

/**
 * A valid NHS number (Modulus 11 check digit) that is unique in the dataset, from the
 * 999 range the NHS keeps for test data, then 998 and below once those run out (England scale).
 */
export function nhsNumber(_rng?: Rng): string {
  for (;;) {
    const n = nhsCounter++;
    // Spread consecutive people over the range (multiplying by a number prime to 10^6).
    const body = `${999 - Math.floor(n / 1_000_000)}${String((n * 7_919) % 1_000_000).padStart(6, '0')}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return `${body}${check === 11 ? 0 : check}`;
  }
}
