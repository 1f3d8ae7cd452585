/**
 * Bank holidays in England and Wales, 2020–2030.
 *
 * Source: GOV.UK bank holidays (https://www.gov.uk/bank-holidays, division
 * "england-and-wales") for 2020–2026, including the one-off days (8 May 2020,
 * 2–3 June 2022, 19 September 2022, 8 May 2023). 2027–2030 are computed from the
 * Banking and Financial Dealings Act 1971 rules with substitute days and are
 * checked against that computation by test/domain/working-days.test.ts; confirm
 * them against GOV.UK when it publishes each year. One-off days announced later
 * go in the administrator's override list, not here.
 *
 * Wales has no bank holidays of its own: St David's Day is not one.
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly string[] = [
  // 2020 (early May moved to Friday 8 May for VE Day)
  '2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28',
  // 2021
  '2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28',
  // 2022 (spring moved to 2 June, Platinum Jubilee 3 June, state funeral 19 September)
  '2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19',
  '2022-12-26', '2022-12-27',
  // 2023 (coronation 8 May)
  '2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25',
  '2023-12-26',
  // 2024
  '2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26',
  // 2025
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
  // 2026 (28 December is the substitute for Boxing Day)
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
  // 2027 (computed)
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
  // 2028 (computed)
  '2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26',
  // 2029 (computed)
  '2029-01-01', '2029-03-30', '2029-04-02', '2029-05-07', '2029-05-28', '2029-08-27', '2029-12-25', '2029-12-26',
  // 2030 (computed)
  '2030-01-01', '2030-04-19', '2030-04-22', '2030-05-06', '2030-05-27', '2030-08-26', '2030-12-25', '2030-12-26',
];

export const BANK_HOLIDAY_YEARS = { first: 2020, last: 2030 } as const;

export const BANK_HOLIDAY_SOURCE = 'https://www.gov.uk/bank-holidays (division england-and-wales); 2027–2030 computed from the Banking and Financial Dealings Act 1971 rules';
